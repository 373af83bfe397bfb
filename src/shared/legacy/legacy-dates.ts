/**
 * Dates as legacy exports write them: dd/mm/yyyy (also with - or . and an optional time), d/m/yy,
 * yyyy-mm-dd (also ISO with a time), yyyymmdd / ddmmyyyy, "15-Mar-2021", "ngày 15 tháng 3 năm 2021",
 * Excel serial numbers (a number from an XLSX cell, or a 5-digit text), and Date objects (XLSX date
 * cells, read as UTC). A year alone or a month and year is 'date.incomplete'; anything else that is
 * not an existing calendar date is 'date.invalid'. Month-first (US) dates are not guessed: 3/15/2021
 * is invalid, never 15 March.
 */

export type LegacyDateResult =
  | { ok: true; date: string }
  | { ok: false; code: 'date.invalid' | 'date.incomplete' };

const INVALID: LegacyDateResult = { ok: false, code: 'date.invalid' };
const INCOMPLETE: LegacyDateResult = { ok: false, code: 'date.incomplete' };

const DAY_FIRST = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/;
const YEAR_FIRST = /^(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})$/;
const COMPACT = /^(\d{8})$/;
const MONTH_NAME = /^(\d{1,2})[\s/.-]*([a-z]{3,9})\.?[\s/.,-]*(\d{2}|\d{4})$/i;
const VIETNAMESE_WORDS = /^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam\s*)?(\d{4})$/;
const YEAR_ONLY = /^(\d{4})$/;
const MONTH_YEAR = /^(\d{1,2})\s*[/.-]\s*(\d{4})$|^(\d{4})\s*[/.-]\s*(\d{1,2})$/;
const EXCEL_TEXT = /^(\d{5})(?:\.\d+)?$/;
/** A time after the date: " 08:30", " 8:30:00", "T08:30:00Z", "T08:30:00.000+07:00". */
const TIME_SUFFIX = /(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]m|z|[+-]\d{2}:?\d{2})?)$/i;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Days from 1899-12-30 (Excel's day 0 for serials after its fictitious 29 Feb 1900). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const MAX_EXCEL_SERIAL = 2_958_465; // 9999-12-31

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function build(year: number, month: number, day: number): LegacyDateResult {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return INVALID;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return INVALID;
  return { ok: true, date: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** Two-digit years: up to this year's two digits → 20yy, later → 19yy (85 → 1985, 21 → 2021). */
function fullYear(text: string, today: Date): number {
  if (text.length === 4) return Number(text);
  const yy = Number(text);
  return yy <= today.getUTCFullYear() % 100 ? 2000 + yy : 1900 + yy;
}

function fromExcelSerial(serial: number): LegacyDateResult {
  if (!Number.isFinite(serial) || serial < 1 || serial > MAX_EXCEL_SERIAL) return INVALID;
  const day = Math.floor(serial);
  if (day === 60) return INVALID; // 29 Feb 1900 does not exist
  const ms = day < 60 ? EXCEL_EPOCH + (day + 1) * 86_400_000 : EXCEL_EPOCH + day * 86_400_000;
  return { ok: true, date: new Date(ms).toISOString().slice(0, 10) };
}

function fromDate(value: Date): LegacyDateResult {
  if (Number.isNaN(value.getTime())) return INVALID;
  return build(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
}

function asciiFold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** Parses a legacy date into YYYY-MM-DD (see the module comment for the forms accepted). */
export function parseLegacyDate(raw: string | number | Date, today: Date = new Date()): LegacyDateResult {
  if (raw instanceof Date) return fromDate(raw);
  if (typeof raw === 'number') return fromExcelSerial(raw);
  const text = raw.trim().replace(TIME_SUFFIX, '').trim();
  if (!text) return INVALID;

  let m = DAY_FIRST.exec(text);
  if (m) return build(fullYear(m[3], today), Number(m[2]), Number(m[1]));
  m = YEAR_FIRST.exec(text);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  if (YEAR_ONLY.test(text)) return INCOMPLETE;
  m = COMPACT.exec(text);
  if (m) {
    const digits = m[1];
    const yearFirst = build(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6)));
    if (yearFirst.ok && /^(19|20)/.test(digits)) return yearFirst;
    return build(Number(digits.slice(4)), Number(digits.slice(2, 4)), Number(digits.slice(0, 2)));
  }
  m = EXCEL_TEXT.exec(text);
  if (m) return fromExcelSerial(Number(text));
  if (MONTH_YEAR.test(text)) return INCOMPLETE;

  const folded = asciiFold(text);
  m = VIETNAMESE_WORDS.exec(folded);
  if (m) return build(Number(m[3]), Number(m[2]), Number(m[1]));
  m = MONTH_NAME.exec(folded);
  if (m) {
    const month = MONTHS.indexOf(m[2].slice(0, 3)) + 1;
    if (month === 0) return INVALID;
    return build(fullYear(m[3], today), month, Number(m[1]));
  }
  return INVALID;
}
