import type { Lang } from '../messages.ts';

/** The EU DCC `is` field sskdt signs by default (English, as the EU's value sets expect). */
export const DEFAULT_ISSUER_NAME = 'Ministry of Health of Viet Nam';

const LOCAL: Record<string, Partial<Record<Lang, string>>> = {
  [DEFAULT_ISSUER_NAME]: { vi: 'Bộ Y tế Việt Nam' },
};

/**
 * The issuer as a reader of `lang` says it: the QR keeps the signed English name, the screens and
 * printouts of the Vietnamese app say "Bộ Y tế Việt Nam". An operator's own name is shown as signed.
 */
export function issuerLabel(issuer: string, lang: Lang): string {
  return LOCAL[issuer]?.[lang] ?? issuer;
}
