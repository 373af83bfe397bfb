import { describe, expect, it } from 'vitest';
import { vietnameseProblems } from './language-check.ts';

describe('the Vietnamese text check', () => {
  it('passes Vietnamese with dates, names and allowed proper names', () => {
    expect(
      vietnameseProblems(
        'Mũi 2 từ ngày 16/12/2026 · Pfizer-BioNTech · còn 3 chỗ. Kiểm tra SMART Health Card và EU DCC. demo.tiem',
      ),
    ).toEqual([]);
  });

  it.each([
    ['HSD 2026-12-26', 'iso_date'],
    ['Đã xem: person.read_vaccination', 'raw_key'],
    ['site.day.colName', 'raw_key'],
    ['Mũi 1 · PFIZER · 01/09/2021', 'vaccine_code'],
    ['Cơ quan cấp: Ministry of Health of Viet Nam', 'english'],
    ['Chưa bị thu hồi: Skip', 'english'],
  ])('finds the problem in %j', (text, kind) => {
    expect(vietnameseProblems(text).map((p) => p.kind)).toContain(kind);
  });
});
