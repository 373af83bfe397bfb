/** Messages of Web Push subscriptions (the endpoint allow-list) and of push being unavailable. */
export const notificationMessages = {
  'push.endpoint_invalid': {
    vi: 'Địa chỉ nhận thông báo phải là một địa chỉ https hợp lệ',
    en: 'The push endpoint must be a valid https URL',
  },
  'push.endpoint_credentials': {
    vi: 'Địa chỉ nhận thông báo không được chứa tên đăng nhập hay mật khẩu',
    en: 'The push endpoint must not contain a user name or password',
  },
  'push.endpoint_ip': {
    vi: 'Địa chỉ nhận thông báo phải là tên miền của dịch vụ push, không phải địa chỉ IP',
    en: 'The push endpoint must name a push service, not an IP address',
  },
  'push.endpoint_port': {
    vi: 'Địa chỉ nhận thông báo chỉ dùng cổng mặc định của https (443)',
    en: 'The push endpoint must use the default https port (443)',
  },
  'push.endpoint_host': {
    vi: 'Máy chủ {host} không phải dịch vụ push của trình duyệt mà hệ thống chấp nhận',
    en: 'Host {host} is not a browser push service this server accepts',
  },
  'push.unavailable': {
    vi: 'Thông báo đẩy chưa được bật trên máy chủ này',
    en: 'Push notifications are not enabled on this server',
  },
} as const;
