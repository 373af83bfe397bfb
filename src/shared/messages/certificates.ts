/** Messages of vaccination certificates (issuance and revocation). */
export const certificateMessages = {
  'certificate.no_doses': {
    vi: 'Chưa có mũi tiêm nào được ghi nhận để cấp chứng nhận',
    en: 'No recorded dose to certify yet',
  },
  'certificate.no_key': {
    vi: 'Hệ thống chưa có khóa ký chứng nhận (quản trị viên chạy sskdt keys init)',
    en: 'No certificate signing key yet (an administrator runs sskdt keys init)',
  },
  'certificate.withheld': {
    vi: 'Chưa thể cấp chứng nhận mới: hồ sơ tiêm chủng cần được trạm y tế kiểm tra và sửa trước',
    en: 'A new certificate cannot be issued yet: the health station must check and correct the vaccination record first',
  },
  'certificate.revoked': {
    vi: 'Chứng nhận {uvci} đã bị thu hồi nên không thể tải hay in',
    en: 'Certificate {uvci} was revoked and cannot be downloaded or printed',
  },
  'certificate.not_found': {
    vi: 'Không tìm thấy chứng nhận này trong địa bàn của bạn',
    en: 'No such certificate within your area',
  },
  'certificate.already_revoked': {
    vi: 'Chứng nhận {uvci} đã bị thu hồi',
    en: 'Certificate {uvci} is already revoked',
  },
} as const;
