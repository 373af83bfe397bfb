import { describe, expect, it } from 'vitest';
import {
  formatCompleteness,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatTime,
} from './format.ts';

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
  it('formats completeness: percent, records entered and doses reported', () => {
    expect(formatCompleteness(168540, 172654, 'vi')).toBe('97,62% — 168.540 / 172.654');
    expect(formatCompleteness(168540, 172654, 'en')).toBe('97.62% — 168,540 of 172,654');
    // A shortfall never shows as 100%; more records than reported shows above 100%.
    expect(formatCompleteness(99999, 100000, 'en')).toBe('99.99% — 99,999 of 100,000');
    expect(formatCompleteness(25, 24, 'en')).toBe('104.17% — 25 of 24');
    expect(formatCompleteness(12, 0, 'en')).toBe('Nothing reported — 12 records entered');
    expect(formatCompleteness(12, 0, 'vi')).toBe('Chưa có số báo cáo — 12 mũi đã nhập');
  });

  it('writes an instant one way everywhere, on Viet Nam’s clock (17:05 UTC is past midnight there)', () => {
    expect(formatDateTime('2026-12-16T17:05:00Z', 'vi')).toBe('17/12/2026 00:05');
    expect(formatDateTime('2026-12-16T17:05:00Z', 'en')).toBe('17 Dec 2026, 00:05');
    expect(formatTime('2026-12-16T07:05:00Z', 'vi')).toBe('14:05');
  });
});
