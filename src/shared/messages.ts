/**
 * The catalogue of user-facing messages that the server and the web app share: rule violations,
 * problem titles and field errors. Every entry exists in Vietnamese (first) and English, and may hold
 * `{param}` placeholders. The web app's screen texts live in its own locale files; these are the
 * messages that cross the API.
 */
export type { Lang } from './lang.ts';

import type { Lang } from './lang.ts';

export interface Localized {
  vi: string;
  en: string;
}

import { formatDate } from './format.ts';
import { accountMessages } from './messages/accounts.ts';
import { certificateLookupMessages } from './messages/certificate-lookup.ts';
import { certificateMessages } from './messages/certificates.ts';
import { importMessages } from './messages/imports.ts';
import { notificationMessages } from './messages/notifications.ts';
import { peopleMessages } from './messages/people.ts';
import { qualityMessages } from './messages/quality.ts';
import { vaccinationMessages } from './messages/vaccination.ts';
import { visitMessages } from './messages/visits.ts';

const catalogue = {
  // problems (HTTP level)
  'problem.validation': { vi: 'Dữ liệu gửi lên không hợp lệ', en: 'The submitted data is not valid' },
  'problem.not_found': { vi: 'Không tìm thấy', en: 'Not found' },
  'problem.route_not_found': {
    vi: 'Không có địa chỉ API {method} {path}',
    en: 'There is no API route {method} {path}',
  },
  'problem.internal': {
    vi: 'Đã có lỗi trong hệ thống; vui lòng thử lại sau',
    en: 'Something went wrong on our side; please try again later',
  },
  'problem.rate_limited': {
    vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau {seconds} giây',
    en: 'Too many requests; please try again in {seconds} seconds',
  },
  'problem.payload_too_large': { vi: 'Dữ liệu gửi lên quá lớn', en: 'The request body is too large' },
  'problem.unsupported_media_type': {
    vi: 'Kiểu dữ liệu không được hỗ trợ',
    en: 'Unsupported content type',
  },
  'problem.bad_request': { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
  'problem.unavailable': {
    vi: 'Dịch vụ tạm thời không sẵn sàng',
    en: 'The service is temporarily unavailable',
  },
  'problem.shutting_down': {
    vi: 'Máy chủ đang dừng; vui lòng thử lại',
    en: 'The server is shutting down; please retry',
  },

  // generic field errors (from schema validation)
  'field.required': { vi: 'Bắt buộc phải nhập', en: 'This field is required' },
  'field.invalid_type': { vi: 'Sai kiểu dữ liệu (cần {expected})', en: 'Wrong type (expected {expected})' },
  'field.too_small': { vi: 'Giá trị nhỏ hơn mức tối thiểu {minimum}', en: 'Must be at least {minimum}' },
  'field.too_big': { vi: 'Giá trị lớn hơn mức tối đa {maximum}', en: 'Must be at most {maximum}' },
  'field.too_short': { vi: 'Cần ít nhất {minimum} ký tự', en: 'Must have at least {minimum} characters' },
  'field.too_long': { vi: 'Tối đa {maximum} ký tự', en: 'Must have at most {maximum} characters' },
  'field.invalid_format': { vi: 'Sai định dạng', en: 'Invalid format' },
  'field.invalid_value': { vi: 'Giá trị không được chấp nhận', en: 'Value not allowed' },
  'field.unknown_key': { vi: 'Trường không được hỗ trợ', en: 'Unknown field' },
  'field.invalid': { vi: 'Giá trị không hợp lệ', en: 'Invalid value' },
  'field.invalid_date': { vi: 'Ngày không tồn tại', en: 'This date does not exist' },

  // CCCD / CMND / passport
  'cccd.format': {
    vi: 'Số CCCD phải gồm đúng 12 chữ số',
    en: 'A CCCD number must be exactly 12 digits',
  },
  'cccd.province': {
    vi: 'Ba số đầu của CCCD ({code}) không phải mã tỉnh hợp lệ',
    en: 'The first three digits of the CCCD ({code}) are not a valid province code',
  },
  'cccd.birth_year': {
    vi: 'CCCD ghi năm sinh {cccdYear} nhưng ngày sinh là năm {birthYear}',
    en: 'The CCCD encodes birth year {cccdYear} but the birth date is in {birthYear}',
  },
  'cccd.sex': {
    vi: 'CCCD ghi giới tính {cccdSex} nhưng hồ sơ ghi {sex}',
    en: 'The CCCD encodes sex {cccdSex} but the record says {sex}',
  },
  'cccd.future_year': {
    vi: 'CCCD ghi năm sinh {cccdYear} ở tương lai',
    en: 'The CCCD encodes birth year {cccdYear}, which is in the future',
  },
  'cmnd.format': { vi: 'Số CMND phải gồm đúng 9 chữ số', en: 'A CMND number must be exactly 9 digits' },
  'cmnd.zero': { vi: 'Số CMND không thể toàn số 0', en: 'A CMND number cannot be all zeros' },

  // phone
  'phone.format': {
    vi: 'Số điện thoại di động phải có 10 chữ số, bắt đầu bằng 0 hoặc +84',
    en: 'A mobile number has 10 digits and starts with 0 or +84',
  },
  'phone.prefix': {
    vi: 'Đầu số {prefix} không phải đầu số di động Việt Nam',
    en: 'Prefix {prefix} is not a Vietnamese mobile prefix',
  },

  // BHYT
  'bhyt.format': {
    vi: 'Mã thẻ BHYT gồm 15 ký tự: 2 chữ cái, 1 chữ số mức hưởng (1–5), 2 chữ số mã tỉnh, 10 chữ số',
    en: 'A health-insurance card number has 15 characters: 2 letters, a benefit level 1–5, a 2-digit province and 10 digits',
  },
  'bhyt.benefit_level': {
    vi: 'Mức hưởng BHYT phải từ 1 đến 5 (đang là {level})',
    en: 'The benefit level must be 1 to 5 (got {level})',
  },
  'bhyt.province': {
    vi: 'Mã tỉnh trên thẻ BHYT ({code}) không hợp lệ',
    en: 'The province code on the card ({code}) is not valid',
  },

  // names
  'name.empty': { vi: 'Họ và tên không được để trống', en: 'The full name must not be empty' },
  'name.too_long': {
    vi: 'Họ và tên quá dài (tối đa {maximum} ký tự)',
    en: 'The name is too long (max {maximum})',
  },
  'name.characters': {
    vi: 'Họ và tên chỉ gồm chữ cái, khoảng trắng, dấu nháy và gạch nối (ký tự không hợp lệ: {chars})',
    en: 'A name may only hold letters, spaces, apostrophes and hyphens (invalid: {chars})',
  },

  // dates
  'date.format': { vi: 'Ngày phải theo dạng YYYY-MM-DD', en: 'Dates are written YYYY-MM-DD' },
  'date.invalid': { vi: 'Ngày {value} không tồn tại', en: 'The date {value} does not exist' },
  'date.future': { vi: 'Ngày không được ở tương lai', en: 'The date must not be in the future' },

  // places
  'unit.not_found': { vi: 'Không tìm thấy đơn vị hành chính {id}', en: 'Administrative unit {id} not found' },

  ...accountMessages,
  ...peopleMessages,
  ...vaccinationMessages,
  ...visitMessages,
  ...certificateMessages,
  ...importMessages,
  ...qualityMessages,
  ...certificateLookupMessages,
  ...notificationMessages,
} as const satisfies Record<string, Localized>;

export type MessageCode = keyof typeof catalogue;

/** True when `code` names an entry of the shared catalogue. */
export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(catalogue, code);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Renders a catalogue entry in one language, filling `{param}` placeholders. A parameter that is a
 * YYYY-MM-DD date is written the way the language writes dates (16/12/2026; 16 Dec 2026): codes and
 * rules pass dates as data, people read them in their language.
 */
export function formatMessage(
  code: MessageCode,
  lang: Lang,
  params: Record<string, string | number> = {},
): string {
  const template = catalogue[code][lang];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in params)) return `{${key}}`;
    const value = params[key];
    return typeof value === 'string' && ISO_DATE.test(value) ? formatDate(value, lang) : String(value);
  });
}

/** Renders a catalogue entry in both languages. */
export function localize(code: MessageCode, params: Record<string, string | number> = {}): Localized {
  return { vi: formatMessage(code, 'vi', params), en: formatMessage(code, 'en', params) };
}

/** Picks the best supported language from an Accept-Language header; Vietnamese is the default. */
export function pickLang(acceptLanguage: string | undefined | null): Lang {
  if (!acceptLanguage) return 'vi';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (base === 'vi' || base === 'en') return base;
  }
  return 'vi';
}
