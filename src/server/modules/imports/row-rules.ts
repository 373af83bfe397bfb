import { createHash } from 'node:crypto';
import { parseLegacyDate } from '../../../shared/legacy/legacy-dates.ts';
import { matchVaccineName } from '../../../shared/legacy/vaccine-names.ts';
import type { MessageCode } from '../../../shared/messages.ts';
import { compactDigits, type Sex, validateCccd, validateCmnd } from '../../../shared/rules/cccd.ts';
import { normalizePhone } from '../../../shared/rules/phone.ts';
import type { RuleIssue } from '../../../shared/rules/result.ts';
import { normalizePersonName, normalizeText, searchKey } from '../../../shared/rules/vietnamese-text.ts';
import type { ImportField, NormalizedRow } from '../../../shared/schemas/imports.ts';

/** A cell as the readers give it: text (already Unicode), an Excel number or date, or empty. */
export type Cell = string | number | Date | null;

/** Which column of the file holds which field. */
export interface ColumnSpec {
  index: number;
  header: string;
  field: ImportField;
}

/** One problem of a row, named by its column. */
export interface RowIssue {
  column: string | null;
  field: ImportField | null;
  code: MessageCode;
  params?: Record<string, string | number>;
}

/** A row that passed the rules, in stored form, with what matching needs. */
export interface ValidRow {
  rowNumber: number;
  row: NormalizedRow;
  nameKey: string;
  facilityId: string;
  importKey: string;
}

export type CheckedRow =
  | { ok: true; rowNumber: number; valid: ValidRow }
  | { ok: false; rowNumber: number; issues: RowIssue[] };

export interface RowContext {
  /** The job's facility (rows without a facility code belong to it). */
  facility: { id: string; code: string };
  /** Facilities within the creator's reach, by upper-case code. */
  facilities: Map<string, { id: string; code: string }>;
  /** 2025 commune of an address, or null. */
  resolveUnit(parts: { province?: string; district?: string; commune?: string }): string | null;
  vaccineCodes: ReadonlySet<string>;
  /** Today in Vietnam (YYYY-MM-DD) and as a Date, for future checks and two-digit years. */
  today: string;
  todayDate: Date;
}

/** The day the COVID-19 vaccination campaign started in Viet Nam: no dose of it is older. */
export const CAMPAIGN_START = '2021-03-08';

const SEX_WORDS: Record<string, Sex> = {
  nam: 'male',
  m: 'male',
  male: 'male',
  '1': 'male',
  trai: 'male',
  nu: 'female',
  f: 'female',
  female: 'female',
  '0': 'female',
  gai: 'female',
};

function text(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell.trim();
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/** Excel drops the leading zero of numbers typed into number cells: CCCDs and phones get it back. */
function digitsOf(cell: Cell, length: number): string {
  if (typeof cell === 'number' && Number.isInteger(cell)) return String(cell).padStart(length, '0');
  return compactDigits(text(cell));
}

function parseDoseNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell : null;
  const match = /^\D{0,12}?(\d{1,2})(?:[.,]0+)?$/.exec(text(cell));
  return match ? Number(match[1]) : null;
}

const hasIssues = (result: { ok: boolean }): result is { ok: false; issues: RuleIssue[] } => !result.ok;

/**
 * Checks one data row against the shared rules and normalises it: name (NFC, title case), dates
 * (legacy forms, not in the future, doses not before the campaign nor the birth), sex, CCCD (checked
 * against birth year and sex) or CMND, phone (old 11-digit numbers converted), address → 2025 commune
 * (the original text kept), dose number, vaccine name → catalogue code, lot, facility. Every problem
 * names its column; a row with any problem fails as a whole.
 */
export function checkRow(
  rowNumber: number,
  cells: Cell[],
  columns: ColumnSpec[],
  ctx: RowContext,
): CheckedRow {
  const issues: RowIssue[] = [];
  const raw: Partial<Record<ImportField, { cell: Cell; header: string }>> = {};
  for (const column of columns) {
    const cell = cells[column.index] ?? null;
    if (cell !== null && text(cell) !== '') raw[column.field] = { cell, header: column.header };
  }
  const headerOf = (field: ImportField) =>
    raw[field]?.header ?? columns.find((c) => c.field === field)?.header ?? null;
  const add = (field: ImportField, code: MessageCode, params?: Record<string, string | number>) =>
    issues.push({ column: headerOf(field), field, code, ...(params ? { params } : {}) });
  const addAll = (field: ImportField, found: RuleIssue[]) => {
    for (const issue of found) add(field, issue.code, issue.params);
  };
  const required = (field: ImportField) => {
    const value = raw[field];
    if (!value) add(field, 'field.required');
    return value;
  };

  let fullName = '';
  const name = required('fullName');
  if (name) {
    const result = normalizePersonName(text(name.cell));
    if (hasIssues(result)) addAll('fullName', result.issues);
    else fullName = result.value;
  }

  const date = (field: 'birthDate' | 'givenOn'): string | null => {
    const value = required(field);
    if (!value) return null;
    const parsed = parseLegacyDate(value.cell as string | number | Date, ctx.todayDate);
    if (!parsed.ok) {
      add(field, parsed.code, { value: text(value.cell) });
      return null;
    }
    if (parsed.date > ctx.today) {
      add(field, 'date.future');
      return null;
    }
    return parsed.date;
  };
  const birthDate = date('birthDate');
  const givenOn = date('givenOn');
  if (givenOn && givenOn < CAMPAIGN_START) {
    add('givenOn', 'import.date_before_campaign', { value: text(raw.givenOn!.cell) });
  } else if (givenOn && birthDate && givenOn < birthDate) add('givenOn', 'import.given_before_birth');

  let sex: Sex | null = null;
  if (raw.sex) {
    sex = SEX_WORDS[searchKey(text(raw.sex.cell))] ?? null;
    if (!sex) add('sex', 'import.sex', { value: text(raw.sex.cell) });
  }

  let cccd: string | null = null;
  let cmnd: string | null = null;
  if (raw.idNumber) {
    const digits = digitsOf(raw.idNumber.cell, 12);
    if (digits.length === 12) {
      const result = validateCccd(digits, {
        birthDate: birthDate ?? undefined,
        sex: sex ?? undefined,
        currentYear: ctx.todayDate.getUTCFullYear(),
      });
      if (hasIssues(result)) addAll('idNumber', result.issues);
      else {
        cccd = result.value.number;
        sex ??= result.value.sex;
      }
    } else if (digits.length === 9) {
      const result = validateCmnd(digits);
      if (hasIssues(result)) addAll('idNumber', result.issues);
      else cmnd = result.value;
    } else add('idNumber', 'import.id_number');
  }

  let phone: string | null = null;
  if (raw.phone) {
    const value = typeof raw.phone.cell === 'number' ? digitsOf(raw.phone.cell, 10) : text(raw.phone.cell);
    const result = normalizePhone(value);
    if (hasIssues(result)) addAll('phone', result.issues);
    else phone = result.value.national;
  }

  const place = (field: 'province' | 'district' | 'commune' | 'address') =>
    raw[field] ? normalizeText(text(raw[field].cell)) : undefined;
  const province = place('province');
  const district = place('district');
  const commune = place('commune');
  const address = place('address');
  const unitId = province || district || commune ? ctx.resolveUnit({ province, district, commune }) : null;
  const addressOriginal = [address, commune, district, province].filter(Boolean).join(', ') || null;

  let doseNumber: number | null = null;
  const dose = required('doseNumber');
  if (dose) {
    doseNumber = parseDoseNumber(dose.cell);
    if (doseNumber === null || doseNumber < 1 || doseNumber > 10) {
      add('doseNumber', 'import.dose_number', { value: text(dose.cell) });
      doseNumber = null;
    }
  }

  let vaccineCode = '';
  const vaccine = required('vaccine');
  if (vaccine) {
    const match = matchVaccineName(text(vaccine.cell));
    if (match && ctx.vaccineCodes.has(match.code)) vaccineCode = match.code;
    else add('vaccine', 'import.vaccine_unknown', { value: text(vaccine.cell) });
  }

  let lotNumber: string | null = null;
  if (raw.lotNumber) {
    lotNumber = text(raw.lotNumber.cell).replace(/\s+/g, '').toUpperCase();
    if (lotNumber.length > 40) add('lotNumber', 'field.too_long', { maximum: 40 });
  }

  let facilityId = ctx.facility.id;
  let facilityCode = ctx.facility.code;
  if (raw.facilityCode) {
    const facility = ctx.facilities.get(text(raw.facilityCode.cell).toUpperCase());
    if (facility) {
      facilityId = facility.id;
      facilityCode = facility.code;
    } else add('facilityCode', 'import.facility_unknown', { value: text(raw.facilityCode.cell) });
  }

  let sourceRowId: string | null = null;
  if (raw.sourceRowId) {
    sourceRowId = text(raw.sourceRowId.cell);
    if (sourceRowId.length > 100) add('sourceRowId', 'field.too_long', { maximum: 100 });
  }

  if (issues.length) return { ok: false, rowNumber, issues };
  const row: NormalizedRow = {
    sourceRowId,
    fullName,
    birthDate: birthDate!,
    sex,
    cccd,
    cmnd,
    phone,
    unitId,
    addressOriginal,
    doseNumber: doseNumber!,
    givenOn: givenOn!,
    vaccineCode,
    lotNumber,
    facilityCode,
  };
  const nameKey = searchKey(fullName);
  return {
    ok: true,
    rowNumber,
    valid: { rowNumber, row, nameKey, facilityId, importKey: importKey(row, nameKey, facilityId) },
  };
}

/**
 * The key that makes a re-import skip a dose: the facility and the legacy system's row id when the
 * file has one, else a hash of the normalised row (independent of the job and of the file's layout).
 */
export function importKey(row: NormalizedRow, nameKey: string, facilityId: string): string {
  if (row.sourceRowId) return `${facilityId}:${row.sourceRowId}`;
  const content = [
    nameKey,
    row.birthDate,
    row.sex,
    row.cccd,
    row.cmnd,
    row.phone,
    row.unitId,
    row.doseNumber,
    row.givenOn,
    row.vaccineCode,
    row.lotNumber,
    facilityId,
  ];
  return `h:${createHash('sha1').update(JSON.stringify(content)).digest('base64url')}`;
}
