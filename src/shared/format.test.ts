import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatPercent } from './format.ts';

describe('format', () => {
  it('formats numbers and percentages the Vietnamese way', () => {
    expect(formatNumber(1234567, 'vi')).toBe('1.234.567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatPercent(168540 / 172654, 'vi')).toBe('97,62%');
    expect(formatPercent(168540 / 172654, 'en')).toBe('97.62%');
  });
  it('formats dates', () => {
    expect(formatDate('2021-08-10', 'vi')).toBe('10/08/2021');
    expect(formatDate('2021-08-10', 'en')).toBe('10 Aug 2021');
  });
});
