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
    vi: 'Chứng nhận đã bị thu hồi (gian lận hoặc cấp nhầm) và chưa được cấp lại; liên hệ cơ quan y tế để kiểm tra hồ sơ',
    en: 'The certificate was revoked (fraud or issued in error) and is not re-issued until the record is checked; contact the health authority',
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
