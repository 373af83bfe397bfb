/** Vietnamese texts of the notify screens. */
export const notifyVi = {
  push: {
    label: 'Nhận thông báo trên thiết bị này',
    description:
      'Lịch tiêm, nhắc lịch và kết quả yêu cầu hiện ngay trên màn hình, cả khi ứng dụng đang đóng.',
    deniedTitle: 'Trình duyệt đang chặn thông báo',
    denied: 'Hãy cho phép thông báo cho trang này trong phần cài đặt trang web của trình duyệt, rồi thử lại.',
    failed: 'Không bật được thông báo.',
  },
};
