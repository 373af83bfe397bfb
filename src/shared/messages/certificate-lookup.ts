/** Messages of the public certificate lookup (name + birth date + phone, confirmed by a code). */
export const certificateLookupMessages = {
  'lookup.code_invalid': {
    vi: 'Mã xác thực không đúng hoặc đã hết hạn. Hãy tra cứu lại để nhận mã mới.',
    en: 'The code is not correct or has expired. Look up again to get a new code.',
  },
  'lookup.token_invalid': {
    vi: 'Phiên tra cứu đã hết hạn. Hãy tra cứu lại.',
    en: 'This lookup has ended. Please look up again.',
  },
} as const;
