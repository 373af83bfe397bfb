import { describe, expect, it } from 'vitest';
import { base45Decode, base45Encode } from './base45.ts';
import { utf8Decode, utf8Encode } from './bytes.ts';

describe('base45 (RFC 9285)', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
    ['', ''],
  ])('encodes and decodes %j as %j', (text, encoded) => {
    expect(base45Encode(utf8Encode(text))).toBe(encoded);
    expect(utf8Decode(base45Decode(encoded))).toBe(text);
  });

  it('round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 513 }, (_, i) => (i * 7) & 0xff);
    expect(base45Decode(base45Encode(bytes))).toEqual(bytes);
  });

  it.each([
    ['GGW', 'a three-character group over 65535'],
    [':::', 'a three-character group over 65535'],
    ['::', 'a two-character group over 255'],
    ['A', 'a single trailing character'],
    ['ABCD', 'a length of 1 mod 3'],
    ['bb8', 'lower-case letters'],
    ['BB#', 'a character outside the alphabet'],
    ['BBé', 'a non-ASCII character'],
  ])('rejects %j (%s)', (input) => {
    expect(() => base45Decode(input)).toThrow();
  });
});
