import { fail, ok, type RuleResult } from './result.ts';

/** Maximum length of a person's full name, in characters. */
export const MAX_NAME_LENGTH = 100;

/** Unicode NFC with runs of whitespace collapsed to one space and the ends trimmed. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * A diacritics-insensitive search key: lower case, no tone or vowel marks, đ → d, punctuation
 * removed, single spaces. "Nguyễn  Văn Đức" and "nguyen van duc" share the key "nguyen van duc".
 */
export function searchKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Upper-cases the first letter of each word and lower-cases the rest (Vietnamese-aware, NFC). */
export function titleCase(value: string): string {
  return normalizeText(value)
    .toLocaleLowerCase('vi')
    .replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toLocaleUpperCase('vi'));
}

/** Validates and normalises a person's full name: NFC, single spaces, title case, letters only. */
export function normalizePersonName(value: string): RuleResult<string> {
  const text = normalizeText(value);
  if (!text) return fail({ code: 'name.empty' });
  if ([...text].length > MAX_NAME_LENGTH)
    return fail({ code: 'name.too_long', params: { maximum: MAX_NAME_LENGTH } });
  const invalid = [...new Set(text.replace(/[\p{L}\p{M} '-]/gu, ''))];
  if (invalid.length) return fail({ code: 'name.characters', params: { chars: invalid.join(' ') } });
  return ok(titleCase(text));
}

/**
 * Uppercase ASCII transliteration of a Vietnamese name (diacritics removed, đ → D), as used in
 * machine-readable documents: "Nguyễn Văn Đức" → "NGUYEN VAN DUC".
 */
export function toAsciiUpper(value: string): string {
  return searchKey(value).toUpperCase();
}
