import { describe, expect, it } from 'vitest';
import { validateBhyt } from './bhyt.ts';

describe('validateBhyt', () => {
  it('decodes a card number', () => {
    expect(validateBhyt('DN4010123456789')).toEqual({
      ok: true,
      value: {
        number: 'DN4010123456789',
        beneficiaryType: 'DN',
        benefitLevel: 4,
        provinceCode: '01',
        socialInsuranceNumber: '0123456789',
      },
    });
  });
  it('tolerates lower case and spaces', () => {
    const result = validateBhyt('ht 3 79 0123456789');
    expect(result.ok && result.value.number).toBe('HT3790123456789');
  });
  it.each([
    ['', 'bhyt.format'],
    ['DN401012345678', 'bhyt.format'],
    ['DN40101234567890', 'bhyt.format'],
    ['D14010123456789', 'bhyt.format'],
    ['DN6010123456789', 'bhyt.benefit_level'],
    ['DN0010123456789', 'bhyt.benefit_level'],
    ['DN4030123456789', 'bhyt.province'],
    ['DN4990123456789', 'bhyt.province'],
  ])('refuses %j with %s', (input, code) => {
    const result = validateBhyt(input);
    expect(!result.ok && result.issues[0].code).toBe(code);
  });
});
