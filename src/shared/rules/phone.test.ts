import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['0912345678', '0912345678', 'vinaphone'],
    ['+84912345678', '0912345678', 'vinaphone'],
    ['84912345678', '0912345678', 'vinaphone'],
    ['0084 912 345 678', '0912345678', 'vinaphone'],
    ['091.234.5678', '0912345678', 'vinaphone'],
    ['(+84) 98-765-4321', '0987654321', 'viettel'],
    ['0321234567', '0321234567', 'viettel'],
    ['0701234567', '0701234567', 'mobifone'],
    ['0561234567', '0561234567', 'vietnamobile'],
    ['0591234567', '0591234567', 'gmobile'],
  ])('normalises %s', (input, national, carrier) => {
    const result = normalizePhone(input);
    expect(result.ok && result.value).toMatchObject({ national, carrier, e164: `+84${national.slice(1)}` });
  });

  it('converts pre-2018 11-digit numbers', () => {
    const result = normalizePhone('01662345678');
    expect(result.ok && result.value).toMatchObject({ national: '0362345678', renumbered: true });
  });

  it('accepts but flags unconfirmed prefixes', () => {
    const result = normalizePhone('0871234567');
    expect(result.ok && result.value.confirmedPrefix).toBe(false);
  });

  it.each([
    ['', 'phone.format'],
    ['091234567', 'phone.format'],
    ['09123456789', 'phone.format'],
    ['0912-abc-678', 'phone.format'],
    ['+1 415 555 0100', 'phone.format'],
    ['0241234567', 'phone.prefix'],
    ['0111234567', 'phone.prefix'],
    ['1912345678', 'phone.format'],
  ])('refuses %j with %s', (input, code) => {
    const result = normalizePhone(input);
    expect(!result.ok && result.issues[0].code).toBe(code);
  });

  it('uses a caller-supplied prefix table', () => {
    expect(normalizePhone('0521234567', [{ prefix: '091', carrier: 'vinaphone', confirmed: true }]).ok).toBe(
      false,
    );
  });
});
