import { describe, expect, it } from 'vitest';
import { normalizePersonName, normalizeText, searchKey, titleCase, toAsciiUpper } from './vietnamese-text.ts';

describe('Vietnamese text', () => {
  const nfd = 'Nguyễn Văn Đức'.normalize('NFD');

  it('normalises to NFC and collapses whitespace', () => {
    expect(normalizeText(`  ${nfd}\t\n `)).toBe('Nguyễn Văn Đức');
    expect(normalizeText(nfd)).not.toBe(nfd);
  });

  it('title-cases Vietnamese words', () => {
    expect(titleCase('NGUYỄN THỊ ÁNH   TUYẾT')).toBe('Nguyễn Thị Ánh Tuyết');
    expect(titleCase('đỗ đức đạt')).toBe('Đỗ Đức Đạt');
    expect(titleCase("h'hen niê")).toBe("H'Hen Niê");
  });

  it('builds a diacritics-insensitive search key with đ → d', () => {
    expect(searchKey('Nguyễn Văn Đức')).toBe('nguyen van duc');
    expect(searchKey(nfd)).toBe('nguyen van duc');
    expect(searchKey('  NGUYEN   van-duc ')).toBe('nguyen van duc');
    expect(searchKey('Thành phố Hà Nội')).toContain(searchKey('ha noi'));
    expect(searchKey('Bà Rịa - Vũng Tàu')).toBe('ba ria vung tau');
  });

  it('transliterates for machine-readable fields', () => {
    expect(toAsciiUpper('Trần Thị Ngọc Ánh')).toBe('TRAN THI NGOC ANH');
  });

  it('normalises a valid person name', () => {
    expect(normalizePersonName(`  ${nfd.toLowerCase()} `)).toEqual({ ok: true, value: 'Nguyễn Văn Đức' });
  });

  it.each([
    ['', 'name.empty'],
    ['   ', 'name.empty'],
    ['Nguyễn Văn 3', 'name.characters'],
    ['Lê <script>', 'name.characters'],
    ['a'.repeat(101), 'name.too_long'],
  ])('refuses %j with %s', (input, code) => {
    const result = normalizePersonName(input);
    expect(!result.ok && result.issues[0].code).toBe(code);
  });
});
