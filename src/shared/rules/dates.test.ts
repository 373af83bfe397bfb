import { describe, expect, it } from 'vitest';
import { ageOn, isIsoDate, parseIsoDate } from './dates.ts';

describe('dates', () => {
  it('accepts real dates and refuses impossible ones', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(parseIsoDate('2023-02-29')).toEqual({
      ok: false,
      issues: [{ code: 'date.invalid', params: { value: '2023-02-29' } }],
    });
    expect(parseIsoDate('29/02/2024')).toEqual({ ok: false, issues: [{ code: 'date.format' }] });
    expect(isIsoDate('2024-13-01')).toBe(false);
  });
  it('computes age in whole years', () => {
    expect(ageOn('2000-06-15', '2018-06-14')).toBe(17);
    expect(ageOn('2000-06-15', '2018-06-15')).toBe(18);
  });
});
