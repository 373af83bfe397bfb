/**
 * Legacy Vietnamese text: TCVN3 (ABC) and VNI-Windows byte encodings, and decomposed Unicode (NFD),
 * converted to NFC Unicode one field at a time.
 *
 * Input is text whose bytes were decoded as latin1 (byte → U+00XX) or as Windows-1252 (what
 * `TextDecoder('latin1')` and Excel do: bytes 0x80–0x9F become € ‚ ƒ …); both are accepted.
 *
 * Sources of the tables:
 * - TCVN3: TCVN 5712:1993 table VN1 exactly as GNU libc's iconv charset `TCVN5712-1` decodes bytes
 *   0x01–0x17 and 0x80–0xFF (generated with `iconv -f TCVN5712-1`; `legacy-text.test.ts` compares every
 *   byte with the machine's iconv when it is installed). The "ABC" fonts (.VnTime) use table VN3, the
 *   same positions minus most capitals with tone marks; those were typed with the capitals font
 *   (.VnTimeH) on the lower-case codes, so a word with no ASCII lower-case letter and two capitals or
 *   more is upper-cased after conversion ("NGUYÔN" → "NGUYỄN"; "Hµ" stays "Hà": one capital is
 *   the same in both fonts).
 * - VNI-Windows: the VNI font layout — a base letter followed by a mark byte (ø ù û õ ï for the five
 *   tones, â/ê for circumflex/breve, á à å ã ä and é è ú ü ë for circumflex/breve with a tone; capitals
 *   use the capital mark bytes), plus single bytes for đ ơ ư ĩ ì í ỉ ị ỵ. Cross-checked with the table of
 *   the MIT-licensed `vietnamese-conversion` npm package (README example "Xin chaøo caùc baïn").
 *   Marks become Unicode combining marks and NFC composes them, so any base + mark order NFC
 *   accepts is converted.
 */

import type { VietnameseEncoding } from './legacy-detect.ts';

export type { VietnameseEncoding };

const GRAVE = '\u0300';
const ACUTE = '\u0301';
const CIRCUMFLEX = '\u0302';
const TILDE = '\u0303';
const BREVE = '\u0306';
const HOOK = '\u0309';
const DOT = '\u0323';

/** TCVN 5712:1993 VN1, bytes 0x80–0xFF (0xB0–0xB4 are combining marks). */
const TCVN_HIGH =
  'ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ' +
  'ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ' +
  '\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ' +
  `${GRAVE}${HOOK}${TILDE}${ACUTE}${DOT}àảãáạẲằẳẵắẴ` +
  'ẮẦẨẪẤỀặầẩẫấậèỂẻẽ' +
  'éẹềểễếệìỉỄẾỒĩíịò' +
  'Ổỏõóọồổỗốộờởỡớợù' +
  'ỖủũúụừửữứựỳỷỹýỵỐ';

/** TCVN 5712:1993 VN1 capitals placed in C0 control positions. */
const TCVN_LOW: Record<number, string> = {
  1: 'Ú',
  2: 'Ụ',
  4: 'Ừ',
  5: 'Ử',
  6: 'Ữ',
  17: 'Ứ',
  18: 'Ự',
  19: 'Ỳ',
  20: 'Ỷ',
  21: 'Ỹ',
  22: 'Ý',
  23: 'Ỵ',
};

/** Windows-1252 decoding of bytes 0x80–0x9F (undefined bytes stay U+0081 …, as WHATWG decodes them). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** VNI-Windows mark bytes (lower-case letter / capital letter forms) → combining marks. */
const VNI_MARKS: readonly (readonly [string, string, string])[] = [
  ['ø', 'Ø', GRAVE],
  ['ù', 'Ù', ACUTE],
  ['û', 'Û', HOOK],
  ['õ', 'Õ', TILDE],
  ['ï', 'Ï', DOT],
  ['â', 'Â', CIRCUMFLEX],
  ['á', 'Á', CIRCUMFLEX + ACUTE],
  ['à', 'À', CIRCUMFLEX + GRAVE],
  ['å', 'Å', CIRCUMFLEX + HOOK],
  ['ã', 'Ã', CIRCUMFLEX + TILDE],
  ['ä', 'Ä', CIRCUMFLEX + DOT],
  ['ê', 'Ê', BREVE],
  ['é', 'É', BREVE + ACUTE],
  ['è', 'È', BREVE + GRAVE],
  ['ú', 'Ú', BREVE + HOOK],
  ['ü', 'Ü', BREVE + TILDE],
  ['ë', 'Ë', BREVE + DOT],
];

/** VNI-Windows single-byte letters (lower-case, capital). */
const VNI_LETTERS: readonly (readonly [string, string, string, string])[] = [
  ['ñ', 'Ñ', 'đ', 'Đ'],
  ['ô', 'Ô', 'ơ', 'Ơ'],
  ['ö', 'Ö', 'ư', 'Ư'],
  ['ó', 'Ó', 'ĩ', 'Ĩ'],
  ['ì', 'Ì', 'ì', 'Ì'],
  ['í', 'Í', 'í', 'Í'],
  ['æ', 'Æ', 'ỉ', 'Ỉ'],
  ['ò', 'Ò', 'ị', 'Ị'],
  ['î', 'Î', 'ỵ', 'Ỵ'],
];

const TABLE_SIZE = 0x2200; // covers U+2122 (™), the highest Windows-1252 character

function buildTcvnTable(): (string | undefined)[] {
  const table: (string | undefined)[] = new Array(TABLE_SIZE);
  for (const [code, letter] of Object.entries(TCVN_LOW)) table[Number(code)] = letter;
  for (let i = 0; i < 0x80; i++) {
    const letter = TCVN_HIGH[i];
    table[0x80 + i] = letter;
    if (i < 0x20) table[CP1252_HIGH.charCodeAt(i)] = letter;
  }
  return table;
}

function buildVniTable(): (string | undefined)[] {
  const table: (string | undefined)[] = new Array(TABLE_SIZE);
  for (const [lower, upper, marks] of VNI_MARKS) {
    table[lower.charCodeAt(0)] = marks;
    table[upper.charCodeAt(0)] = marks;
  }
  for (const [lowerByte, upperByte, lower, upper] of VNI_LETTERS) {
    table[lowerByte.charCodeAt(0)] = lower;
    table[upperByte.charCodeAt(0)] = upper;
  }
  return table;
}

const TCVN_TABLE = buildTcvnTable();
const VNI_TABLE = buildVniTable();

/** Any character outside printable ASCII (TCVN3 also uses C0 positions for a few capitals). */
const NEEDS_WORK = /[^\x20-\x7e\t\r\n]/;

function isCombining(text: string): boolean {
  const code = text.charCodeAt(text.length - 1);
  return code >= 0x300 && code <= 0x323;
}

/** One pass through a lookup table; NFC only when a combining mark was written. */
function convertWith(value: string, table: (string | undefined)[]): string {
  let out = '';
  let from = 0;
  let compose = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    const replacement = code < TABLE_SIZE ? table[code] : undefined;
    if (replacement === undefined) {
      if (code >= 0x300 && code <= 0x323) compose = true;
      continue;
    }
    out += value.slice(from, i) + replacement;
    from = i + 1;
    if (isCombining(replacement)) compose = true;
  }
  const text = from === 0 ? value : out + value.slice(from);
  return compose ? text.normalize('NFC') : text;
}

/** VNI bases that take a mark byte: the vowels and VNI's ơ/ư bytes. */
const VNI_BASE_CHARS = 'aeiouyAEIOUYôöÔÖ';
const VNI_MARK_INDEX = new Int8Array(TABLE_SIZE).fill(-1);
const VNI_BASE_INDEX = new Int8Array(TABLE_SIZE).fill(-1);
/** Precomposed letter for base × mark (undefined when Unicode has none, e.g. "i" + circumflex). */
const VNI_PAIRS: (string | undefined)[] = buildVniPairs();

function buildVniPairs(): (string | undefined)[] {
  const pairs: (string | undefined)[] = [];
  VNI_MARKS.forEach(([lower, upper], m) => {
    VNI_MARK_INDEX[lower.charCodeAt(0)] = m;
    VNI_MARK_INDEX[upper.charCodeAt(0)] = m;
  });
  [...VNI_BASE_CHARS].forEach((base, b) => {
    VNI_BASE_INDEX[base.charCodeAt(0)] = b;
    const letter = VNI_TABLE[base.charCodeAt(0)] ?? base;
    VNI_MARKS.forEach(([, , marks], m) => {
      const composed = (letter + marks).normalize('NFC');
      pairs[b * VNI_MARKS.length + m] = composed.length === 1 ? composed : undefined;
    });
  });
  return pairs;
}

/** VNI: base + mark byte pairs from a precomposed table, other bytes through VNI_TABLE. */
function convertVni(value: string): string {
  let out = '';
  let from = 0;
  let compose = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const base = code < TABLE_SIZE ? VNI_BASE_INDEX[code] : -1;
    if (base >= 0 && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      const mark = next < TABLE_SIZE ? VNI_MARK_INDEX[next] : -1;
      const pair = mark >= 0 ? VNI_PAIRS[base * VNI_MARKS.length + mark] : undefined;
      if (pair !== undefined) {
        out += value.slice(from, i) + pair;
        from = i + 2;
        i++;
        continue;
      }
    }
    if (code >= 0x20 && code < 0x7f) continue;
    const replacement = code < TABLE_SIZE ? VNI_TABLE[code] : undefined;
    if (replacement === undefined) {
      if (code >= 0x300 && code <= 0x323) compose = true;
      continue;
    }
    out += value.slice(from, i) + replacement;
    from = i + 1;
    if (isCombining(replacement)) compose = true;
  }
  const text = from === 0 ? value : out + value.slice(from);
  return compose ? text.normalize('NFC') : text;
}

/** A converted lower-case letter next to capitals: possibly a capital typed with the .VnTimeH font. */
const MIXED_WORD = /[^\s,;/()-]*[\u00e0-\u1ef9][^\s,;/()-]*/gu;
const UPPER = /\p{Lu}/gu;
/** Two capitals (ASCII or TCVN3 Ă Â Ê Ô Ơ Ư Đ) in one word of the raw field: the cheap pre-check. */
const TWO_CAPITALS = /[A-Z\u00a1-\u00a7][^\sa-z]*[A-Z\u00a1-\u00a7]/;

/** Upper-cases words with no ASCII lower-case letter, at least two capitals and a converted letter. */
function capitalWords(text: string): string {
  return text.replace(MIXED_WORD, (word) =>
    /[a-z]/.test(word) || (word.match(UPPER)?.length ?? 0) < 2 ? word : word.toUpperCase(),
  );
}

/**
 * Converts one field to NFC Unicode. `value` is the field's text as decoded from the file: UTF-8, or
 * latin1 / Windows-1252 for TCVN3 and VNI files. Plain ASCII is returned as it is.
 */
export function toUnicodeText(value: string, encoding: VietnameseEncoding): string {
  if (!NEEDS_WORK.test(value)) return value;
  if (encoding === 'unicode') return value.normalize('NFC');
  if (encoding === 'vni') return convertVni(value);
  const text = convertWith(value, TCVN_TABLE);
  // Capitals typed with the .VnTimeH font are stored on the lower-case codes.
  return TWO_CAPITALS.test(value) ? capitalWords(text) : text;
}

/** Vietnamese letters with marks and their markless bases, for detection and tests. */
const TONES = ['', GRAVE, ACUTE, HOOK, TILDE, DOT];
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/** The 134 Vietnamese letters with diacritics (67 lower-case, 67 capitals), NFC. */
export const VIETNAMESE_LETTERS: readonly string[] = (() => {
  const lower: string[] = [];
  for (const vowel of VOWELS) {
    for (const tone of TONES) {
      const letter = (vowel + tone).normalize('NFC');
      if (letter.charCodeAt(0) >= 0x80) lower.push(letter);
    }
  }
  lower.push('đ');
  return [...lower, ...lower.map((l) => l.toUpperCase())];
})();

function buildReverse(table: (string | undefined)[], size: number): Map<string, string> {
  const reverse = new Map<string, string>();
  for (let code = 1; code < size; code++) {
    const letter = table[code];
    if (letter && !reverse.has(letter)) reverse.set(letter, String.fromCharCode(code));
  }
  return reverse;
}

function vniReverseTable(): Map<string, string> {
  const reverse = new Map<string, string>();
  const bases = [...'aeiouyAEIOUY', 'ô', 'ö', 'Ô', 'Ö'];
  const candidates: string[] = [];
  for (const [lower, upper] of VNI_LETTERS) candidates.push(lower, upper);
  for (const base of bases) {
    for (const [lower, upper] of VNI_MARKS) candidates.push(base + lower, base + upper);
  }
  for (const bytes of candidates) {
    const letter = convertVni(bytes);
    if ([...letter].length !== 1 || !VIETNAMESE_LETTERS.includes(letter)) continue;
    // Capital letters take the capital mark byte, lower-case ones the lower-case byte.
    const upper = letter === letter.toUpperCase();
    const last = bytes[bytes.length - 1];
    if (bytes.length === 2 && (last === last.toUpperCase()) !== upper) continue;
    const known = reverse.get(letter);
    if (!known || bytes.length < known.length) reverse.set(letter, bytes);
  }
  return reverse;
}

/**
 * The legacy form of Unicode text (for demo files and tests): one character per byte (U+0000–U+00FF),
 * to be written with `Buffer.from(text, 'latin1')`. Characters the encoding cannot hold become "?".
 */
export function fromUnicodeText(value: string, encoding: VietnameseEncoding): string {
  if (encoding === 'unicode') return value.normalize('NFC');
  tcvnArray ??= reverseArray('tcvn3');
  vniArray ??= reverseArray('vni');
  const reverse = encoding === 'tcvn3' ? tcvnArray : vniArray;
  const text = value.normalize('NFC');
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    const mapped = code < reverse.length ? reverse[code] : undefined;
    out +=
      text.slice(from, i) +
      (mapped ?? (code < 0x20 && !(encoding === 'tcvn3' && TCVN_LOW[code]) ? text[i] : '?'));
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

let tcvnArray: (string | undefined)[] | undefined;
let vniArray: (string | undefined)[] | undefined;

/** The reverse tables as arrays indexed by UTF-16 code (every Vietnamese letter is below U+1F00). */
function reverseArray(encoding: 'tcvn3' | 'vni'): (string | undefined)[] {
  const map = encoding === 'tcvn3' ? buildReverse(TCVN_TABLE, 0x100) : vniReverseTable();
  const array: (string | undefined)[] = new Array(0x1f00);
  for (const [letter, bytes] of map) if (letter.length === 1) array[letter.charCodeAt(0)] = bytes;
  return array;
}

export { decodeHead, detectVietnameseEncoding } from './legacy-detect.ts';
