import { describe, expect, it } from 'vitest';
import { decodeCccd, validateCccd, validateCmnd } from './cccd.ts';

describe('CCCD', () => {
  it.each([
    ['001090012345', { provinceCode: '001', sex: 'male', birthYear: 1990 }],
    ['079185123456', { provinceCode: '079', sex: 'female', birthYear: 1985 }],
    ['038205000001', { provinceCode: '038', sex: 'male', birthYear: 2005 }],
    ['096321999999', { provinceCode: '096', sex: 'female', birthYear: 2021 }],
    ['001 090 012 345', { provinceCode: '001', sex: 'male', birthYear: 1990 }],
    ['001-090-012345', { provinceCode: '001', sex: 'male', birthYear: 1990 }],
    ['001400000001', { provinceCode: '001', sex: 'male', birthYear: 2100 }],
  ])('decodes %s', (input, expected) => {
    const result = decodeCccd(input);
    expect(result.ok && result.value).toMatchObject(expected);
  });

  it.each([
    ['', 'cccd.format'],
    ['00109001234', 'cccd.format'],
    ['0010900123456', 'cccd.format'],
    ['00109001234a', 'cccd.format'],
    ['００１０９００１２３４５', 'cccd.format'],
    ['003090012345', 'cccd.province'],
    ['100090012345', 'cccd.province'],
    ['099090012345', 'cccd.province'],
  ])('refuses %j with %s', (input, code) => {
    const result = decodeCccd(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0].code).toBe(code);
  });

  it('accepts a number consistent with birth date and sex', () => {
    expect(validateCccd('001190012345', { birthDate: '1990-05-01', sex: 'female' }).ok).toBe(true);
  });

  it('reports a birth year that disagrees with the birth date', () => {
    const result = validateCccd('001090012345', { birthDate: '1991-01-01', sex: 'male' });
    expect(result).toEqual({
      ok: false,
      issues: [{ code: 'cccd.birth_year', params: { cccdYear: 1990, birthYear: 1991 } }],
    });
  });

  it('reports a century digit that disagrees with the birth date (1990 vs 2090)', () => {
    const result = validateCccd('001290012345', { birthDate: '1990-01-01', currentYear: 2026 });
    expect(!result.ok && result.issues.map((i) => i.code)).toEqual(['cccd.future_year', 'cccd.birth_year']);
  });

  it('reports a sex that disagrees with the record, and both issues together', () => {
    const result = validateCccd('001090012345', { birthDate: '1989-01-01', sex: 'female' });
    expect(!result.ok && result.issues.map((i) => i.code)).toEqual(['cccd.birth_year', 'cccd.sex']);
  });
});

describe('CMND', () => {
  it('accepts 9 digits with separators', () => {
    expect(validateCmnd('012 345 678')).toEqual({ ok: true, value: '012345678' });
  });
  it.each(['12345678', '1234567890', 'abcdefghi', '000000000', ''])('refuses %j', (input) => {
    expect(validateCmnd(input).ok).toBe(false);
  });
});
