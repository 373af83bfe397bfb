import { describe, expect, it } from 'vitest';
import { maskIdentifiers } from './privacy.ts';

describe('maskIdentifiers', () => {
  it('masks phone numbers, CCCDs and BHYT numbers', () => {
    const text = 'phone=0912345678&cccd=001090012345 card DN4010123456789 +84 912 345 678';
    const masked = maskIdentifiers(text);
    for (const secret of ['0912345678', '001090012345', 'DN4010123456789', '912 345 678']) {
      expect(masked).not.toContain(secret);
    }
    expect(masked).toContain('********78');
  });
  it('leaves dates, short numbers and ids alone', () => {
    expect(maskIdentifiers('2026-11-22 page=2 limit=50')).toBe('2026-11-22 page=2 limit=50');
    const path = '/api/staff/people/a64d2561-c107-4a54-8fef-087326523668';
    expect(maskIdentifiers(path)).toBe(path);
    const zeros = '/api/me/household/members/00000000-0000-4000-8000-000000000000/corrections';
    expect(maskIdentifiers(zeros)).toBe(zeros);
  });
});
