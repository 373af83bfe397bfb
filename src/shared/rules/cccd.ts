import { IDENTIFIER_PROVINCE_CODES } from './province-codes.ts';
import { fail, ok, type RuleIssue, type RuleResult } from './result.ts';

export type Sex = 'male' | 'female';

/** What a CCCD number itself says about its holder. */
export interface CccdInfo {
  /** The normalised 12-digit number. */
  number: string;
  /** 3-digit code of the province of birth registration, e.g. "001" (Hà Nội). */
  provinceCode: string;
  sex: Sex;
  birthYear: number;
}

/** Context to cross-check the number against: the record's birth date (YYYY-MM-DD) and sex. */
export interface CccdContext {
  birthDate?: string;
  sex?: Sex;
  /** Year used to refuse birth years in the future; defaults to the current year. */
  currentYear?: number;
}

/** Strips the spaces, dots and dashes people type inside identifiers. */
export function compactDigits(value: string): string {
  return value.replace(/[\s.\-_]/g, '');
}

/**
 * Decodes the structure of a CCCD (citizen identity card) number: 3 digits province, 1 digit
 * century + sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, …), 2 digits birth year, 6 random.
 */
export function decodeCccd(value: string): RuleResult<CccdInfo> {
  const number = compactDigits(value);
  if (!/^\d{12}$/.test(number)) return fail({ code: 'cccd.format' });
  const provinceCode = number.slice(0, 3);
  if (provinceCode[0] !== '0' || !IDENTIFIER_PROVINCE_CODES.has(provinceCode.slice(1))) {
    return fail({ code: 'cccd.province', params: { code: provinceCode } });
  }
  const centurySex = Number(number[3]);
  const birthYear = 1900 + Math.floor(centurySex / 2) * 100 + Number(number.slice(4, 6));
  return ok({ number, provinceCode, sex: centurySex % 2 === 0 ? 'male' : 'female', birthYear });
}

/** Validates a CCCD number and, when given, its consistency with the record's birth date and sex. */
export function validateCccd(value: string, context: CccdContext = {}): RuleResult<CccdInfo> {
  const decoded = decodeCccd(value);
  if (!decoded.ok) return decoded;
  const info = decoded.value;
  const issues: RuleIssue[] = [];
  const currentYear = context.currentYear ?? new Date().getUTCFullYear();
  if (info.birthYear > currentYear) {
    issues.push({ code: 'cccd.future_year', params: { cccdYear: info.birthYear } });
  }
  if (context.birthDate) {
    const birthYear = Number(context.birthDate.slice(0, 4));
    if (Number.isInteger(birthYear) && birthYear !== info.birthYear) {
      issues.push({ code: 'cccd.birth_year', params: { cccdYear: info.birthYear, birthYear } });
    }
  }
  if (context.sex && context.sex !== info.sex) {
    issues.push({ code: 'cccd.sex', params: { cccdSex: info.sex, sex: context.sex } });
  }
  return issues.length ? { ok: false, issues } : ok(info);
}

/** Validates an old 9-digit CMND (people's identity card) number, still found in legacy records. */
export function validateCmnd(value: string): RuleResult<string> {
  const number = compactDigits(value);
  if (!/^\d{9}$/.test(number)) return fail({ code: 'cmnd.format' });
  if (/^0+$/.test(number)) return fail({ code: 'cmnd.zero' });
  return ok(number);
}
