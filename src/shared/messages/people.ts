/** Messages of the person registry, households, corrections and files (vi first, en second). */
export const peopleMessages = {
  'person.not_found': { vi: 'Không tìm thấy người này', en: 'Person not found' },
  'household.relationship_required': {
    vi: 'Hãy chọn quan hệ của người này với bạn',
    en: 'Choose how this person is related to you',
  },
  'person.sex_required': { vi: 'Hãy chọn giới tính', en: 'Choose the sex' },
  'person.unit_outside_reach': {
    vi: 'Xã, phường này nằm ngoài địa bàn của bạn: người sống ở đó do địa phương đó đăng ký',
    en: 'This commune is outside your area: people living there are registered by that area',
  },
  'person.duplicate_cccd': {
    vi: 'Đã có người mang số CCCD này trong sổ',
    en: 'A person with this CCCD is already registered',
  },
  'import.cccd_outside_reach': {
    vi: 'Đã có người mang số CCCD này ở ngoài địa bàn của bạn — hãy liên hệ trạm y tế xã nơi người đó cư trú',
    en: 'A person with this CCCD exists outside your area — ask the commune health station where they live',
  },
  'person.duplicate_cccd_elsewhere': {
    vi: 'Số CCCD này đã có trong sổ ở địa bàn khác; dùng chức năng “Xác định người đến tiêm” với CCCD và ngày sinh',
    en: 'This CCCD is registered in another area; use “Identify a walk-in” with the CCCD and birth date',
  },
  'person.likely_duplicate': {
    vi: 'Có thể người này đã có trong sổ; hãy kiểm tra rồi xác nhận',
    en: 'This person may already be registered; check and confirm',
  },
  'person.merge_self': {
    vi: 'Không thể gộp một hồ sơ với chính nó',
    en: 'A record cannot be merged with itself',
  },
  'person.already_merged': { vi: 'Hồ sơ này đã được gộp trước đó', en: 'This record was already merged' },
  'person.unit_not_commune': {
    vi: 'Địa chỉ phải là một xã, phường, đặc khu theo đơn vị hành chính 2025',
    en: 'The address must be a commune of the 2025 units',
  },
  'household.full': {
    vi: 'Một tài khoản quản lý tối đa {maximum} người',
    en: 'An account manages at most {maximum} people',
  },
  'household.already_member': {
    vi: 'Người này đã có trong hộ gia đình',
    en: 'This person is already in the household',
  },
  'household.self_exists': {
    vi: 'Hộ gia đình đã có “bản thân”',
    en: 'The household already has a “self” member',
  },
  'household.identity_mismatch': {
    vi: 'Số CCCD đã có trong sổ nhưng họ tên hoặc ngày sinh không khớp',
    en: 'This CCCD is registered, but the name or birth date does not match',
  },
  'household.link_code_invalid': {
    vi: 'Mã xác nhận không đúng, đã hết hạn hoặc đã hết lượt thử',
    en: 'The confirmation code is wrong, has expired, or has run out of attempts',
  },
  'household.link_request_not_found': {
    vi: 'Không tìm thấy yêu cầu đang chờ này',
    en: 'No such pending request',
  },
  'household.link_mismatch': {
    vi: 'Họ tên hoặc ngày sinh khai báo không khớp với hồ sơ; không thể xác nhận',
    en: 'The name or birth date given does not match the record; it cannot be confirmed',
  },
  'correction.no_change': {
    vi: 'Giá trị mới giống giá trị hiện tại',
    en: 'The new value is the same as the current one',
  },
  'correction.open_exists': {
    vi: 'Đã có một yêu cầu sửa trường này đang chờ xử lý',
    en: 'A request to correct this field is already open',
  },
  'correction.not_open': { vi: 'Yêu cầu này đã được xử lý', en: 'This request has already been decided' },
  'correction.reason_required': { vi: 'Cần ghi lý do', en: 'A reason is required' },
  'file.type': { vi: 'Chỉ nhận ảnh JPEG, PNG hoặc WebP', en: 'Only JPEG, PNG or WebP images are accepted' },
  'file.too_large': {
    vi: 'Ảnh quá lớn (tối đa {maximum} MB)',
    en: 'The image is too large (at most {maximum} MB)',
  },
  'file.empty': { vi: 'Tệp rỗng', en: 'The file is empty' },
  'file.purged': {
    vi: 'Ảnh giấy tờ đã được xoá sau thời hạn lưu giữ',
    en: 'The document photo was deleted after the retention period',
  },
} as const;
