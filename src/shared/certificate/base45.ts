/**
 * Strict base45 (RFC 9285). Decoding rejects characters outside the alphabet, a trailing single
 * character and groups whose value does not fit (over 65535 for three characters, over 255 for two).
 */

export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE45_ALPHABET.length; i++) INDEX[BASE45_ALPHABET.charCodeAt(i)] = i;

export class Base45Error extends Error {
  override name = 'Base45Error';
}

function digit(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const v = code < 128 ? INDEX[code] : -1;
  if (v < 0) throw new Base45Error(`invalid base45 character at position ${i}`);
  return v;
}

export function base45Decode(text: string): Uint8Array {
  const length = text.length;
  if (length % 3 === 1) throw new Base45Error('invalid base45 length');
  const out = new Uint8Array(Math.floor(length / 3) * 2 + (length % 3 === 2 ? 1 : 0));
  let o = 0;
  let i = 0;
  for (; i + 3 <= length; i += 3) {
    const n = digit(text, i) + digit(text, i + 1) * 45 + digit(text, i + 2) * 2025;
    if (n > 0xffff) throw new Base45Error(`base45 group at position ${i} is over 65535`);
    out[o++] = n >> 8;
    out[o++] = n & 0xff;
  }
  if (i < length) {
    const n = digit(text, i) + digit(text, i + 1) * 45;
    if (n > 0xff) throw new Base45Error(`base45 group at position ${i} is over 255`);
    out[o++] = n;
  }
  return out;
}

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 <= bytes.length; i += 2) {
    let n = (bytes[i] << 8) | bytes[i + 1];
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += BASE45_ALPHABET[c] + BASE45_ALPHABET[d] + BASE45_ALPHABET[e];
  }
  if (i < bytes.length) {
    const n = bytes[i];
    out += BASE45_ALPHABET[n % 45] + BASE45_ALPHABET[Math.floor(n / 45)];
  }
  return out;
}
