/** Messages of sign-in, sessions, staff users and access control (vi first, en second). */
export const accountMessages = {
  'auth.required': { vi: 'Vui lòng đăng nhập', en: 'Please sign in' },
  'auth.forbidden': { vi: 'Bạn không có quyền thực hiện việc này', en: 'You are not allowed to do this' },
  'auth.csrf': {
    vi: 'Phiên làm việc không hợp lệ; vui lòng tải lại trang',
    en: 'The request did not carry this session’s token; reload the page',
  },
  'auth.totp_required': { vi: 'Cần nhập mã xác thực hai lớp', en: 'The two-factor code is required' },
  'auth.totp_setup_required': {
    vi: 'Vai trò của bạn bắt buộc dùng xác thực hai lớp: hãy cài đặt ứng dụng xác thực trước khi tiếp tục',
    en: 'Your role must use two-factor sign-in: set up an authenticator app before going on',
  },
  'otp.invalid': { vi: 'Mã xác thực không đúng', en: 'The code is not correct' },
  'otp.wrong': {
    vi: 'Mã xác thực không đúng; còn {left} lần thử',
    en: 'The code is not correct; {left} attempts left',
  },
  'otp.expired': {
    vi: 'Mã xác thực đã hết hạn; hãy lấy mã mới',
    en: 'The code has expired; ask for a new one',
  },
  'otp.locked': {
    vi: 'Đã nhập sai quá 5 lần; hãy lấy mã mới',
    en: 'Too many wrong codes; ask for a new one',
  },
  'login.failed': { vi: 'Tên đăng nhập hoặc mật khẩu không đúng', en: 'Wrong username or password' },
  'login.locked': {
    vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau {minutes} phút',
    en: 'The account is locked after repeated failures; try again in {minutes} minutes',
  },
  'totp.invalid': { vi: 'Mã xác thực hai lớp không đúng', en: 'The two-factor code is not correct' },
  'totp.not_enabled': { vi: 'Tài khoản chưa bật xác thực hai lớp', en: 'Two-factor sign-in is not enabled' },
  'totp.not_started': {
    vi: 'Hãy bắt đầu cài đặt xác thực hai lớp trước',
    en: 'Start two-factor setup first',
  },
  'totp.already_enabled': { vi: 'Xác thực hai lớp đã được bật', en: 'Two-factor sign-in is already enabled' },
  'password.too_short': {
    vi: 'Mật khẩu cần ít nhất {minimum} ký tự',
    en: 'The password needs at least {minimum} characters',
  },
  'password.contains_username': {
    vi: 'Mật khẩu không được chứa tên đăng nhập',
    en: 'The password must not contain the username',
  },
  'password.wrong': { vi: 'Mật khẩu hiện tại không đúng', en: 'The current password is wrong' },
  'staff.username_format': {
    vi: 'Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch nối',
    en: 'A username has 3–40 characters: a–z, digits, dot, underscore, hyphen',
  },
  'staff.username_taken': { vi: 'Tên đăng nhập đã được dùng', en: 'This username is taken' },
  'staff.unit_province': { vi: 'Cần chọn một tỉnh, thành phố (2025)', en: 'Choose a province (2025 units)' },
  'staff.unit_commune': {
    vi: 'Cần chọn một xã, phường, đặc khu (2025)',
    en: 'Choose a commune (2025 units)',
  },
  'staff.facility_required': { vi: 'Cần chọn cơ sở y tế', en: 'Choose a facility' },
  'api_key.expiry_range': {
    vi: 'Thời hạn của khóa từ 1 đến {max} ngày',
    en: 'A key lasts from 1 to {max} days',
  },
  'api_key.expiry_past': {
    vi: 'Thời điểm hết hạn không được ở trong quá khứ',
    en: 'The expiry cannot be in the past',
  },
} as const;
