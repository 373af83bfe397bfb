/** How a legacy file spells Vietnamese: Unicode, or one of the 8-bit fonts' encodings. */
export type VietnameseEncoding = 'unicode' | 'tcvn3' | 'vni';

/**
 * Detection of the Vietnamese encoding of a sample by scoring patterns each encoding produces:
 * - Unicode: precomposed letters above U+00FF (ă đ ơ ư ĩ ũ, U+1EA0–U+1EF9) or combining marks (NFD).
 * - TCVN3: characters at bytes 0xA1–0xBF (ă â ê ô ơ ư đ and their capitals, à á ả ã ạ, ắ ằ ẳ ẵ —
 *   in nearly every Vietnamese word), bytes 0x80–0x9F (capitals, also in their Windows-1252 form) and
 *   the capitals in C0 positions, counted inside words only (next to a letter), so "–" between spaces
 *   counts nothing; bytes 0x80–0x9F count ¼ (as Windows-1252 they are also quotes and dashes). VNI never writes bytes 0xA0–0xBF.
 * - VNI: a vowel (or VNI's ơ/ư byte) followed by one of VNI's mark bytes — how VNI writes every toned
 *   vowel. Marks that are no Vietnamese letter (ø û ï å ä ë ü) count 1, the others (ù õ â á à ã ê é è
 *   ú) ½ and only when the first kind is present: Unicode "Hoàng" is o + à too.
 * The highest score wins if it reaches 2; otherwise, or with Vietnamese Unicode letters weighing twice
 * as much, 'unicode' (plain ASCII and latin1 text included: nothing to convert).
 */

const VNI_STRONG_MARKS = new Set('øûïåäëüØÛÏÅÄËÜ');
const VNI_WEAK_MARKS = new Set('ùõâáàãêéèúÙÕÂÁÀÃÊÉÈÚ');
const MIN_LEGACY_SCORE = 2;
const VNI_BASES = new Set('aeiouyAEIOUYôöÔÖ');
const CP1252_SPECIALS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const TCVN_C0 = new Set([0x01, 0x02, 0x04, 0x05, 0x06, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17]);
const UNICODE_VIETNAMESE = /[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]|[\u0300-\u0303\u0306\u0309\u0323]/g;

/** A letter (ASCII or any character above U+007F) right before or after position i. */
function inWord(text: string, i: number): boolean {
  const isLetter = (code: number) => ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a ? true : code >= 0x80);
  return (
    (i > 0 && isLetter(text.charCodeAt(i - 1))) || (i + 1 < text.length && isLetter(text.charCodeAt(i + 1)))
  );
}

export interface EncodingScores {
  unicode: number;
  tcvn3: number;
  vni: number;
}

/** The evidence for each encoding in a sample (counts of characteristic characters or pairs). */
export function scoreVietnameseEncodings(sample: string): EncodingScores {
  const unicode = sample.match(UNICODE_VIETNAMESE)?.length ?? 0;
  let tcvn3 = 0;
  let strong = 0;
  let weak = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 0x80) {
      if (code < 0x20 && TCVN_C0.has(code)) tcvn3++;
      continue;
    }
    const char = sample[i];
    if (code >= 0xa1 && code <= 0xbf) {
      if (inWord(sample, i)) tcvn3++;
    } else if ((code >= 0x80 && code <= 0x9f) || CP1252_SPECIALS.has(char)) {
      // Capitals in TCVN3, but also quotes and dashes in Unicode text: weak evidence.
      if (inWord(sample, i)) tcvn3 += 0.25;
    } else if (i > 0 && VNI_BASES.has(sample[i - 1])) {
      if (VNI_STRONG_MARKS.has(char)) strong++;
      else if (VNI_WEAK_MARKS.has(char)) weak++;
    }
  }
  return { unicode, tcvn3, vni: strong ? strong + weak / 2 : 0 };
}

/**
 * Detects the Vietnamese encoding of a sample of a file: text decoded as UTF-8 when its bytes are
 * valid UTF-8, else as latin1 (each byte → U+00XX) or Windows-1252.
 */
export function detectVietnameseEncoding(sample: string): VietnameseEncoding {
  const scores = scoreVietnameseEncodings(sample);
  const unicode = scores.unicode * 2;
  const legacy = Math.max(scores.tcvn3, scores.vni);
  if (legacy < MIN_LEGACY_SCORE || unicode >= legacy) return 'unicode';
  return scores.tcvn3 >= scores.vni ? 'tcvn3' : 'vni';
}

/** Decodes bytes as latin1: each byte is the character of the same number. */
export function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

/**
 * Decides how to read a file from its first bytes (~64 KB): UTF-8 when they have a UTF-8 byte order
 * mark or are valid UTF-8 (a character cut at the end is allowed), else latin1; and which Vietnamese
 * encoding the text uses. The reader then decodes every field with `toUnicodeText(text, encoding)`.
 */
export function decodeHead(bytes: Uint8Array): { charset: 'utf-8' | 'latin1'; encoding: VietnameseEncoding } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  if (bom) {
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    } catch {
      return { charset: 'latin1', encoding: detectVietnameseEncoding(decodeLatin1(bytes)) };
    }
  }
  return { charset: 'utf-8', encoding: detectVietnameseEncoding(text) };
}
