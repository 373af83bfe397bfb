import type { Lang } from './messages.ts';

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

/** Formats a count the way readers expect: 1.234.567 in Vietnamese, 1,234,567 in English. */
export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(value);
}

/** Formats a ratio (0.9762) as a percentage: 97,62% in Vietnamese, 97.62% in English. */
export function formatPercent(ratio: number, lang: Lang, digits = 2): string {
  return new Intl.NumberFormat(LOCALES[lang], {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

/** Formats a YYYY-MM-DD date as dd/mm/yyyy (Vietnamese) or d Mon yyyy (English). */
export function formatDate(isoDate: string, lang: Lang): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'UTC',
    ...(lang === 'vi' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { dateStyle: 'medium' }),
  }).format(date);
}
