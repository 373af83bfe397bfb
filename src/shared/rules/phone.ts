import { fail, ok, type RuleResult } from './result.ts';

export type Carrier = 'viettel' | 'vinaphone' | 'mobifone' | 'vietnamobile' | 'gmobile' | 'itel' | 'unknown';

/** A mobile prefix (the 3 digits after the leading 0) and who runs it. */
export interface MobilePrefix {
  prefix: string;
  carrier: Carrier;
  /** False for prefixes the domain brief marks as unconfirmed; they are accepted but flagged. */
  confirmed: boolean;
}

function range(carrier: Carrier, prefixes: string[], confirmed = true): MobilePrefix[] {
  return prefixes.map((prefix) => ({ prefix, carrier, confirmed }));
}

/** Vietnamese mobile prefixes (DOMAIN.md). Pass your own table to `normalizePhone` to change them. */
export const MOBILE_PREFIXES: readonly MobilePrefix[] = [
  ...range('viettel', ['086', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039']),
  ...range('vinaphone', ['088', '091', '094', '081', '082', '083', '084', '085']),
  ...range('mobifone', ['089', '090', '093', '070', '076', '077', '078', '079']),
  ...range('vietnamobile', ['056', '058']),
  ...range('gmobile', ['059']),
  ...range('itel', ['087'], false),
  ...range('unknown', ['052'], false),
];

/**
 * 11-digit numbers renumbered to 10 digits in 2018 (Viettel 016x → 03x, MobiFone 012x → 07x,
 * Vinaphone 012x → 08x, Vietnamobile 018x → 05x, Gmobile 0199 → 059). Legacy records still hold them.
 */
const RENUMBERED_2018: Record<string, string> = {
  '0162': '032',
  '0163': '033',
  '0164': '034',
  '0165': '035',
  '0166': '036',
  '0167': '037',
  '0168': '038',
  '0169': '039',
  '0120': '070',
  '0121': '079',
  '0122': '077',
  '0126': '076',
  '0128': '078',
  '0123': '083',
  '0124': '084',
  '0125': '085',
  '0127': '081',
  '0129': '082',
  '0186': '056',
  '0188': '058',
  '0199': '059',
};

export interface NormalizedPhone {
  /** National form: 10 digits starting with 0. */
  national: string;
  /** E.164 form: +84 followed by 9 digits. */
  e164: string;
  carrier: Carrier;
  confirmedPrefix: boolean;
  /** True when an 11-digit pre-2018 number was converted. */
  renumbered: boolean;
}

/** Normalises a Vietnamese mobile number written with 0, 84, +84 or 0084 and any spacing. */
export function normalizePhone(
  value: string,
  prefixes: readonly MobilePrefix[] = MOBILE_PREFIXES,
): RuleResult<NormalizedPhone> {
  let digits = value.trim().replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  if (!/^\d+$/.test(digits)) return fail({ code: 'phone.format' });
  if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12))
    digits = `0${digits.slice(2)}`;
  let renumbered = false;
  if (digits.length === 11 && RENUMBERED_2018[digits.slice(0, 4)]) {
    digits = RENUMBERED_2018[digits.slice(0, 4)] + digits.slice(4);
    renumbered = true;
  }
  if (digits.length !== 10 || digits[0] !== '0') return fail({ code: 'phone.format' });
  const entry = prefixes.find((p) => p.prefix === digits.slice(0, 3));
  if (!entry) return fail({ code: 'phone.prefix', params: { prefix: digits.slice(0, 3) } });
  return ok({
    national: digits,
    e164: `+84${digits.slice(1)}`,
    carrier: entry.carrier,
    confirmedPrefix: entry.confirmed,
    renumbered,
  });
}
