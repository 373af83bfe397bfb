import { createHash } from 'node:crypto';
import { parseLegacyDate } from '../../../../shared/legacy/legacy-dates.ts';
import { matchVaccineName } from '../../../../shared/legacy/vaccine-names.ts';
import type { MessageCode } from '../../../../shared/messages.ts';
import { compactDigits, type Sex, validateCccd, validateCmnd } from '../../../../shared/rules/cccd.ts';
import { normalizePhone } from '../../../../shared/rules/phone.ts';
import type { RuleIssue } from '../../../../shared/rules/result.ts';
import { normalizePersonName, normalizeText, searchKey } from '../../../../shared/rules/vietnamese-text.ts';
import {
  IMPORT_FIELD_KEYS,
  type ImportField,
  type NormalizedRow,
} from '../../../../shared/schemas/imports.ts';

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
  nữ: 'female',
  gái: 'female',
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

const FIELD_INDEX = new Map(IMPORT_FIELD_KEYS.map((key, i) => [key, i]));
const CACHE_LIMIT = 20_000;

/** A bounded memo: legacy files repeat names (a person's doses), addresses and values. */
function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

interface Place {
  unitId: string | null;
  addressOriginal: string | null;
}

type NameResult = { ok: true; fullName: string; nameKey: string } | { ok: false; issues: RuleIssue[] };

/**
 * Checks the data rows of one job against the shared rules and normalises them: name (NFC, title case),
 * dates (legacy forms, not in the future, doses not before the campaign nor the birth), sex, CCCD
 * (checked against birth year and sex) or CMND, phone (old 11-digit numbers converted), address → 2025
 * commune (the original text kept), dose number, vaccine name → catalogue code, lot, facility. Every
 * problem names its column; a row with any problem fails as a whole. Built once per job: names and
 * places are remembered (a million-row file repeats them).
 */
export class RowChecker {
  readonly #columns: ColumnSpec[];
  readonly #ctx: RowContext;
  /** Header of each field's column (by field index), for issues about a missing value. */
  readonly #headers: (string | null)[];
  readonly #names = new Map<string, NameResult>();
  readonly #units = new Map<string, string | null>();
  #issues: RowIssue[] = [];
  #cells: (Cell | undefined)[] = [];

  constructor(columns: ColumnSpec[], ctx: RowContext) {
    this.#columns = columns;
    this.#ctx = ctx;
    this.#headers = IMPORT_FIELD_KEYS.map((key) => columns.find((c) => c.field === key)?.header ?? null);
  }

  #add(field: ImportField, code: MessageCode, params?: Record<string, string | number>) {
    const issue: RowIssue = { column: this.#headers[FIELD_INDEX.get(field)!], field, code };
    if (params) issue.params = params;
    this.#issues.push(issue);
  }

  #addAll(field: ImportField, found: RuleIssue[]) {
    for (const issue of found) this.#add(field, issue.code, issue.params);
  }

  #cell(field: ImportField): Cell | undefined {
    return this.#cells[FIELD_INDEX.get(field)!];
  }

  #required(field: ImportField): Cell | undefined {
    const cell = this.#cell(field);
    if (cell === undefined) this.#add(field, 'field.required');
    return cell;
  }

  #date(field: 'birthDate' | 'givenOn'): string | null {
    const cell = this.#required(field);
    if (cell === undefined || cell === null) return null;
    const parsed = parseLegacyDate(cell, this.#ctx.todayDate);
    if (!parsed.ok) {
      this.#add(field, parsed.code, { value: text(cell) });
      return null;
    }
    if (parsed.date > this.#ctx.today) {
      this.#add(field, 'date.future');
      return null;
    }
    return parsed.date;
  }

  #name(raw: string): NameResult {
    return remember(this.#names, raw, () => {
      const result = normalizePersonName(raw);
      return hasIssues(result)
        ? { ok: false, issues: result.issues }
        : { ok: true, fullName: result.value, nameKey: searchKey(result.value) };
    });
  }

  /** The 2025 commune of the row's place columns and the address as written (remembered per text). */
  #address(): Place {
    const raw = (field: ImportField) => {
      const cell = this.#cell(field);
      return cell === undefined ? '' : normalizeText(text(cell));
    };
    const province = raw('province');
    const district = raw('district');
    const commune = raw('commune');
    const address = raw('address');
    // Addresses are mostly one per person; the units they name repeat: only those are remembered.
    const unitId =
      province || district || commune
        ? remember(this.#units, `${province}\u0000${district}\u0000${commune}`, () =>
            this.#ctx.resolveUnit({
              province: province || undefined,
              district: district || undefined,
              commune: commune || undefined,
            }),
          )
        : null;
    const parts = [];
    if (address) parts.push(address);
    if (commune) parts.push(commune);
    if (district) parts.push(district);
    if (province) parts.push(province);
    return { unitId, addressOriginal: parts.length ? parts.join(', ') : null };
  }

  /** Checks one data row (its cells as read, its row number as a spreadsheet shows it). */
  check(rowNumber: number, cells: Cell[]): CheckedRow {
    const ctx = this.#ctx;
    this.#issues = [];
    this.#cells = new Array(IMPORT_FIELD_KEYS.length);
    for (const column of this.#columns) {
      const cell = cells[column.index] ?? null;
      if (cell !== null && (typeof cell !== 'string' || cell.trim() !== ''))
        this.#cells[FIELD_INDEX.get(column.field)!] = cell;
    }

    let fullName = '';
    let nameKey = '';
    const nameCell = this.#required('fullName');
    if (nameCell !== undefined) {
      const name = this.#name(text(nameCell));
      if (name.ok) ({ fullName, nameKey } = name);
      else this.#addAll('fullName', name.issues);
    }

    const birthDate = this.#date('birthDate');
    const givenOn = this.#date('givenOn');
    if (givenOn && givenOn < CAMPAIGN_START) {
      this.#add('givenOn', 'import.date_before_campaign', { value: text(this.#cell('givenOn')!) });
    } else if (givenOn && birthDate && givenOn < birthDate) this.#add('givenOn', 'import.given_before_birth');

    let sex: Sex | null = null;
    const sexCell = this.#cell('sex');
    if (sexCell !== undefined) {
      const value = text(sexCell);
      sex = SEX_WORDS[value.toLowerCase()] ?? SEX_WORDS[searchKey(value)] ?? null;
      if (!sex) this.#add('sex', 'import.sex', { value });
    }

    let cccd: string | null = null;
    let cmnd: string | null = null;
    const idCell = this.#cell('idNumber');
    if (idCell !== undefined) {
      const digits = digitsOf(idCell, 12);
      if (digits.length === 12) {
        // Not remembered (unlike names and places): one person's CCCD recurs a few times in a file,
        // and the memo's key building and hashing cost more than the check.
        const result = validateCccd(digits, {
          birthDate: birthDate ?? undefined,
          sex: sex ?? undefined,
          currentYear: ctx.todayDate.getUTCFullYear(),
        });
        if (hasIssues(result)) this.#addAll('idNumber', result.issues);
        else {
          cccd = result.value.number;
          sex ??= result.value.sex;
        }
      } else if (digits.length === 9) {
        const result = validateCmnd(digits);
        if (hasIssues(result)) this.#addAll('idNumber', result.issues);
        else cmnd = result.value;
      } else this.#add('idNumber', 'import.id_number');
    }

    let phone: string | null = null;
    const phoneCell = this.#cell('phone');
    if (phoneCell !== undefined) {
      const raw = typeof phoneCell === 'number' ? digitsOf(phoneCell, 10) : text(phoneCell);
      const result = normalizePhone(raw);
      if (hasIssues(result)) this.#addAll('phone', result.issues);
      else phone = result.value.national;
    }

    const { unitId, addressOriginal } = this.#address();

    let doseNumber: number | null = null;
    const doseCell = this.#required('doseNumber');
    if (doseCell !== undefined) {
      doseNumber = parseDoseNumber(doseCell);
      if (doseNumber === null || doseNumber < 1 || doseNumber > 10) {
        this.#add('doseNumber', 'import.dose_number', { value: text(doseCell) });
        doseNumber = null;
      }
    }

    let vaccineCode = '';
    const vaccineCell = this.#required('vaccine');
    if (vaccineCell !== undefined) {
      const match = matchVaccineName(text(vaccineCell));
      if (match && ctx.vaccineCodes.has(match.code)) vaccineCode = match.code;
      else this.#add('vaccine', 'import.vaccine_unknown', { value: text(vaccineCell) });
    }

    let lotNumber: string | null = null;
    const lotCell = this.#cell('lotNumber');
    if (lotCell !== undefined) {
      lotNumber = text(lotCell).replace(/\s+/g, '').toUpperCase();
      if (lotNumber.length > 40) this.#add('lotNumber', 'field.too_long', { maximum: 40 });
    }

    let facilityId = ctx.facility.id;
    let facilityCode = ctx.facility.code;
    const facilityCell = this.#cell('facilityCode');
    if (facilityCell !== undefined) {
      const facility = ctx.facilities.get(text(facilityCell).toUpperCase());
      if (facility) {
        facilityId = facility.id;
        facilityCode = facility.code;
      } else this.#add('facilityCode', 'import.facility_unknown', { value: text(facilityCell) });
    }

    let sourceRowId: string | null = null;
    const sourceCell = this.#cell('sourceRowId');
    if (sourceCell !== undefined) {
      sourceRowId = text(sourceCell);
      if (sourceRowId.length > 100) this.#add('sourceRowId', 'field.too_long', { maximum: 100 });
    }

    if (this.#issues.length) return { ok: false, rowNumber, issues: this.#issues };
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
    return {
      ok: true,
      rowNumber,
      valid: { rowNumber, row, nameKey, facilityId, importKey: importKey(row, nameKey, facilityId) },
    };
  }
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
