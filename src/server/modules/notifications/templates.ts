import { formatDate } from '../../../shared/format.ts';
import type { Lang, Localized } from '../../../shared/messages.ts';

/**
 * The texts of every notification, in Vietnamese and English. A message is stored as a kind and its
 * params (never names, phone numbers or ID numbers) and rendered when it is sent, in the language of the
 * account. The person's name only appears in the in-app inbox (`person`, looked up at render time):
 * SMS and push texts show on lock screens, so they name nobody.
 */
export interface TemplateParams {
  'appointment.scheduled': {
    registrationId: string;
    sessionId: string;
    facility: string;
    date: string;
    slot?: string | null;
  };
  'appointment.reminder': {
    registrationId: string;
    sessionId: string;
    facility: string;
    date: string;
    slot?: string | null;
  };
  'dose.next_due': { vaccine: string; date: string; doseNumber: number };
  'reaction.followup': { reportId: string };
  'certificate.ready': Record<string, never>;
  /** A certificate revoked by staff: the reason and the day (Vietnam) it was revoked. */
  'certificate.revoked': {
    reason: 'key_compromise' | 'issued_in_error' | 'fraud' | 'other';
    date: string;
  };
  'correction.decided': {
    correctionId: string;
    status: 'approved' | 'needs_info' | 'rejected';
    note?: string | null;
  };
}

export type NotificationKind = keyof TemplateParams;
export const NOTIFICATION_KINDS = [
  'appointment.scheduled',
  'appointment.reminder',
  'dose.next_due',
  'reaction.followup',
  'certificate.ready',
  'certificate.revoked',
  'correction.decided',
] as const satisfies readonly NotificationKind[];

export interface RenderContext {
  /** Rendering for the in-app inbox (may hold the staff's note); push bodies show on lock screens. */
  inbox?: boolean;
  /** The person's full name, for the in-app inbox only. */
  person?: string | null;
}

export interface Rendered {
  title: string;
  body: string;
  /** The SMS text: Vietnamese without diacritics (one GSM-7 message instead of three UCS-2 ones). */
  sms: string;
  /** Where a click on the push notification leads (a path of the web app). */
  url: string;
}

interface Template<P> {
  title: (p: P, lang: Lang) => string;
  body: (p: P, lang: Lang, ctx: RenderContext) => string;
  sms: (p: P, lang: Lang) => string;
  url: (p: P, personId: string | null) => string;
}

const L = (lang: Lang, vi: string, en: string) => (lang === 'vi' ? vi : en);
const memberUrl = (personId: string | null) => (personId ? `/citizen/members/${personId}` : '/citizen');
/** " (Nguyễn Văn A)" in the inbox when the person is known, nothing elsewhere. */
const forWhom = (ctx: RenderContext, lang: Lang) =>
  ctx.person ? L(lang, ` cho ${ctx.person}`, ` for ${ctx.person}`) : '';
const when = (p: { date: string; slot?: string | null }, lang: Lang) =>
  `${formatDate(p.date, lang)}${p.slot ? `, ${p.slot}` : ''}`;

const CORRECTION_STATUS = {
  approved: { vi: 'đã được duyệt và cập nhật', en: 'was approved and applied' },
  needs_info: { vi: 'cần bổ sung thông tin', en: 'needs more information' },
  rejected: { vi: 'không được chấp nhận', en: 'was rejected' },
} as const;

/** Why a certificate was revoked, and what the holder does next, in plain words. */
const REVOKED = {
  key_compromise: {
    why: {
      vi: 'vì lý do bảo mật của khóa ký chứng nhận',
      en: 'because of a security problem with the signing key',
    },
    next: {
      vi: 'Mở ứng dụng và bấm "Cấp chứng nhận mới".',
      en: 'Open the app and press "Issue a new certificate".',
    },
  },
  issued_in_error: {
    why: { vi: 'vì chứng nhận được cấp nhầm', en: 'because it was issued in error' },
    next: {
      vi: 'Hồ sơ cần được trạm y tế kiểm tra trước khi cấp lại; xem chi tiết trong ứng dụng.',
      en: 'The health station must check the record before a new one is issued; see the app.',
    },
  },
  fraud: {
    why: { vi: 'vì phát hiện thông tin gian lận', en: 'because fraud was found' },
    next: {
      vi: 'Liên hệ trạm y tế xã/phường để được kiểm tra hồ sơ.',
      en: 'Contact the commune health station to have the record checked.',
    },
  },
  other: {
    why: { vi: 'theo quyết định của cơ quan y tế', en: 'by decision of the health authority' },
    next: {
      vi: 'Mở ứng dụng và bấm "Cấp chứng nhận mới".',
      en: 'Open the app and press "Issue a new certificate".',
    },
  },
} as const;

const TEMPLATES: { [K in NotificationKind]: Template<TemplateParams[K]> } = {
  'appointment.scheduled': {
    title: (_, lang) => L(lang, 'Lịch tiêm đã được xếp', 'Vaccination appointment scheduled'),
    body: (p, lang, ctx) =>
      L(
        lang,
        `Lịch tiêm${forWhom(ctx, lang)}: ${p.facility}, ngày ${when(p, lang)}.`,
        `Appointment${forWhom(ctx, lang)}: ${p.facility}, ${when(p, lang)}.`,
      ),
    sms: (p, lang) =>
      L(
        lang,
        `SSKDT: lich tiem da duoc xep: ${p.facility}, ngay ${when(p, lang)}. Mang CCCD khi den tiem.`,
        `SSKDT: vaccination appointment: ${p.facility}, ${when(p, lang)}. Bring your ID card.`,
      ),
    url: (_, personId) => memberUrl(personId),
  },
  'appointment.reminder': {
    title: (_, lang) => L(lang, 'Nhắc lịch tiêm ngày mai', 'Vaccination tomorrow'),
    body: (p, lang, ctx) =>
      L(
        lang,
        `Ngày mai${forWhom(ctx, lang)} có lịch tiêm tại ${p.facility}, ${when(p, lang)}. Nhớ mang CCCD.`,
        `Tomorrow${forWhom(ctx, lang)}: vaccination at ${p.facility}, ${when(p, lang)}. Bring your ID card.`,
      ),
    sms: (p, lang) =>
      L(
        lang,
        `SSKDT: nhac lich tiem ngay mai tai ${p.facility}, ${when(p, lang)}. Nho mang CCCD.`,
        `SSKDT: reminder: vaccination tomorrow at ${p.facility}, ${when(p, lang)}. Bring your ID card.`,
      ),
    url: (_, personId) => memberUrl(personId),
  },
  'dose.next_due': {
    title: (p, lang) => L(lang, `Đến hạn tiêm mũi ${p.doseNumber}`, `Dose ${p.doseNumber} is due`),
    body: (p, lang, ctx) =>
      L(
        lang,
        `Mũi ${p.doseNumber} (${p.vaccine})${forWhom(ctx, lang)} đến hạn từ ngày ${formatDate(p.date, lang)}. Hãy đăng ký lịch tiêm.`,
        `Dose ${p.doseNumber} (${p.vaccine})${forWhom(ctx, lang)} is due from ${formatDate(p.date, lang)}. Please register for an appointment.`,
      ),
    sms: (p, lang) =>
      L(
        lang,
        `SSKDT: mui ${p.doseNumber} (${p.vaccine}) den han tu ngay ${formatDate(p.date, lang)}. Dang ky lich tiem trong ung dung.`,
        `SSKDT: dose ${p.doseNumber} (${p.vaccine}) is due from ${formatDate(p.date, lang)}. Register in the app.`,
      ),
    url: (_, personId) => memberUrl(personId),
  },
  'reaction.followup': {
    title: (_, lang) => L(lang, 'Sức khỏe sau tiêm thế nào?', 'How are you after the vaccination?'),
    body: (_, lang, ctx) =>
      L(
        lang,
        `Đã 3 ngày từ khi báo phản ứng sau tiêm${forWhom(ctx, lang)}. Nếu triệu chứng còn hoặc nặng hơn, hãy báo lại hoặc đến cơ sở y tế gần nhất.`,
        `It has been 3 days since the reaction was reported${forWhom(ctx, lang)}. If symptoms persist or worsen, report again or see the nearest health facility.`,
      ),
    sms: (_, lang) =>
      L(
        lang,
        'SSKDT: suc khoe sau tiem the nao? Neu trieu chung con hoac nang hon, hay bao lai trong ung dung hoac den co so y te.',
        'SSKDT: how are you after the vaccination? If symptoms persist or worsen, report in the app or see a health facility.',
      ),
    url: (_, personId) => memberUrl(personId),
  },
  'certificate.ready': {
    title: (_, lang) => L(lang, 'Chứng nhận tiêm chủng đã sẵn sàng', 'Vaccination certificate ready'),
    body: (_, lang, ctx) =>
      L(
        lang,
        `Chứng nhận tiêm chủng${forWhom(ctx, lang)} đã sẵn sàng: mở hồ sơ để xem mã QR.`,
        `The vaccination certificate${forWhom(ctx, lang)} is ready: open the record to see the QR code.`,
      ),
    sms: (_, lang) =>
      L(
        lang,
        'SSKDT: chung nhan tiem chung da san sang. Xem ma QR trong ung dung.',
        'SSKDT: your vaccination certificate is ready. See the QR code in the app.',
      ),
    url: (_, personId) => memberUrl(personId),
  },
  'certificate.revoked': {
    title: (_, lang) => L(lang, 'Chứng nhận tiêm chủng đã bị thu hồi', 'Vaccination certificate revoked'),
    body: (p, lang, ctx) =>
      L(
        lang,
        `Chứng nhận tiêm chủng${forWhom(ctx, lang)} đã bị thu hồi ngày ${formatDate(p.date, lang)} ${REVOKED[p.reason].why.vi}. ${REVOKED[p.reason].next.vi}`,
        `The vaccination certificate${forWhom(ctx, lang)} was revoked on ${formatDate(p.date, lang)} ${REVOKED[p.reason].why.en}. ${REVOKED[p.reason].next.en}`,
      ),
    sms: (p, lang) =>
      L(
        lang,
        `SSKDT: chung nhan tiem chung da bi thu hoi ngay ${formatDate(p.date, lang)}. Xem ly do va cach cap lai trong ung dung.`,
        `SSKDT: your vaccination certificate was revoked on ${formatDate(p.date, lang)}. See the reason and what to do in the app.`,
      ),
    url: (_, personId) => memberUrl(personId),
  },
  'correction.decided': {
    title: (p, lang) =>
      L(
        lang,
        `Yêu cầu sửa thông tin ${CORRECTION_STATUS[p.status].vi}`,
        `Your correction request ${CORRECTION_STATUS[p.status].en}`,
      ),
    body: (p, lang, ctx) =>
      (ctx.inbox && p.note) ||
      L(
        lang,
        `Hồ sơ${ctx.person ? ` của ${ctx.person}` : ''} ${CORRECTION_STATUS[p.status].vi}.`,
        `The record${ctx.person ? ` of ${ctx.person}` : ''} ${CORRECTION_STATUS[p.status].en}.`,
      ),
    sms: (p, lang) =>
      L(
        lang,
        `SSKDT: yeu cau sua thong tin cua ban ${asciiFold(CORRECTION_STATUS[p.status].vi)}. Xem chi tiet trong ung dung.`,
        `SSKDT: your correction request ${CORRECTION_STATUS[p.status].en}. See the app for details.`,
      ),
    url: () => '/citizen',
  },
};

/** Vietnamese without tone and vowel marks (đ → d), for SMS. */
export function asciiFold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

/** Renders a message in one language. */
export function render<K extends NotificationKind>(
  kind: K,
  params: TemplateParams[K],
  lang: Lang,
  personId: string | null,
  ctx: RenderContext = {},
): Rendered {
  const t = TEMPLATES[kind] as Template<TemplateParams[K]>;
  return {
    title: t.title(params, lang),
    body: t.body(params, lang, ctx),
    sms: asciiFold(t.sms(params, lang)),
    url: t.url(params, personId),
  };
}

/** The kind shown in the inbox: a correction's decision keeps its own (correction.approved, …). */
export function inboxKind(kind: NotificationKind, params: unknown): string {
  return kind === 'correction.decided'
    ? `correction.${(params as TemplateParams['correction.decided']).status}`
    : kind;
}

/** The in-app inbox text, both languages (the inbox shows the reader's language). */
export function renderInbox<K extends NotificationKind>(
  kind: K,
  params: TemplateParams[K],
  personId: string | null,
  ctx: RenderContext,
): { title: Localized; body: Localized } {
  const vi = render(kind, params, 'vi', personId, { ...ctx, inbox: true });
  const en = render(kind, params, 'en', personId, { ...ctx, inbox: true });
  return { title: { vi: vi.title, en: en.title }, body: { vi: vi.body, en: en.body } };
}
