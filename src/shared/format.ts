import type { Lang } from './lang.ts';

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

/**
 * Intl formatters by language and options, made once: building one costs tens of microseconds, far
 * more than formatting with it, and lists, reports and messages format thousands of values.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let found = formatters.get(key) as T | undefined;
  if (!found) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}

/** Formats a count the way readers expect: 1.234.567 in Vietnamese, 1,234,567 in English. */
export function formatNumber(value: number, lang: Lang): string {
  return formatter(`n:${lang}`, () => new Intl.NumberFormat(LOCALES[lang])).format(value);
}

/** Formats a ratio (0.9762) as a percentage: 97,62% in Vietnamese, 97.62% in English. */
export function formatPercent(ratio: number, lang: Lang, digits = 2): string {
  const percent = () =>
    new Intl.NumberFormat(LOCALES[lang], {
      style: 'percent',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  return formatter(`p:${lang}:${digits}`, percent).format(ratio);
}

/** The day (YYYY-MM-DD) a moment falls on in Viet Nam (UTC+7, no daylight saving), `offsetDays` later. */
export function vietnamDate(at: Date = new Date(), offsetDays = 0): string {
  return new Date(at.getTime() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Formats a YYYY-MM-DD date as dd/mm/yyyy (Vietnamese) or d Mon yyyy (English). */
export function formatDate(isoDate: string, lang: Lang): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const dates = () =>
    new Intl.DateTimeFormat(LOCALES[lang], {
      timeZone: 'UTC',
      ...(lang === 'vi' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { dateStyle: 'medium' }),
    });
  return formatter(`d:${lang}`, dates).format(date);
}

/**
 * Formats an instant as a day and time on Viet Nam's clock, one way across the app: 16/12/2026 14:05
 * in Vietnamese, 16 Dec 2026, 14:05 in English.
 */
export function formatDateTime(instant: string | Date, lang: Lang): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  // The day first, as Vietnamese forms write it (Intl's vi-VN puts the time first).
  if (lang === 'vi') return `${formatDate(vietnamDate(at), 'vi')} ${formatTime(at, 'vi')}`;
  const make = () =>
    new Intl.DateTimeFormat(LOCALES[lang], {
      timeZone: 'Asia/Ho_Chi_Minh',
      dateStyle: 'medium',
      timeStyle: 'short',
      hour12: false,
    });
  return formatter(`dt:${lang}`, make).format(at);
}

/** Formats an instant's time of day on Viet Nam's clock: 14:05. */
export function formatTime(instant: string | Date, lang: Lang): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  const make = () =>
    new Intl.DateTimeFormat(LOCALES[lang], {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
  return formatter(`t:${lang}`, make).format(at);
}

/** Records entered over doses reported (0.9762), or null when nothing was reported. */
export function completenessRatio(recorded: number, reported: number): number | null {
  return reported > 0 ? recorded / reported : null;
}

/**
 * Data completeness as the dashboards write it: "97,62% — 168.540 / 172.654" in Vietnamese and
 * "97.62% — 168,540 of 172,654" in English. A shortfall never rounds up to 100%.
 */
export function formatCompleteness(recorded: number, reported: number, lang: Lang): string {
  const ratio = completenessRatio(recorded, reported);
  if (ratio === null)
    return lang === 'vi'
      ? `Chưa có số báo cáo — ${formatNumber(recorded, lang)} mũi đã nhập`
      : `Nothing reported — ${formatNumber(recorded, lang)} records entered`;
  const shown = recorded < reported ? Math.min(ratio, 0.9999) : ratio;
  const counts =
    lang === 'vi'
      ? `${formatNumber(recorded, lang)} / ${formatNumber(reported, lang)}`
      : `${formatNumber(recorded, lang)} of ${formatNumber(reported, lang)}`;
  return `${formatPercent(shown, lang)} — ${counts}`;
}
