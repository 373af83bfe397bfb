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
  'certificate.already_revoked': {
    vi: 'Chứng nhận {uvci} đã bị thu hồi',
    en: 'Certificate {uvci} is already revoked',
  },
} as const;
