import { IDENTIFIER_PROVINCE_CODES } from './province-codes.ts';
import { fail, ok, type RuleResult } from './result.ts';

/** What a BHYT (health-insurance) card number says. */
export interface BhytInfo {
  number: string;
  /** 2-letter beneficiary type, e.g. DN (employees), HT (pensioners), TE (children under 6). */
  beneficiaryType: string;
  /** Benefit level 1–5. */
  benefitLevel: number;
  /** 2-digit province code of the issuing social-insurance office. */
  provinceCode: string;
  /** The 10-digit social-insurance number. */
  socialInsuranceNumber: string;
}

/** Validates a 15-character BHYT card number `^[A-Z]{2}[1-5]\d{2}\d{10}$` (case and spacing tolerated). */
export function validateBhyt(value: string): RuleResult<BhytInfo> {
  const number = value.replace(/[\s.-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{13}$/.test(number)) return fail({ code: 'bhyt.format' });
  const benefitLevel = Number(number[2]);
  if (benefitLevel < 1 || benefitLevel > 5)
    return fail({ code: 'bhyt.benefit_level', params: { level: benefitLevel } });
  const provinceCode = number.slice(3, 5);
  if (!IDENTIFIER_PROVINCE_CODES.has(provinceCode))
    return fail({ code: 'bhyt.province', params: { code: provinceCode } });
  return ok({
    number,
    beneficiaryType: number.slice(0, 2),
    benefitLevel,
    provinceCode,
    socialInsuranceNumber: number.slice(5),
  });
}
