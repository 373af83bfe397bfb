import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { vi } from '../../i18n/vi.ts';
import { countLabel, personsCreatedText } from './outcome-text.ts';

async function translator(lng: 'vi' | 'en') {
  const i18n = createInstance();
  await i18n.init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng,
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}

const job = (dryRun: boolean, personsCreated: number) => ({
  dryRun,
  counts: { read: 8, imported: 6, skipped: 0, failed: 0, review: 2, personsCreated },
});

describe('import outcome texts', () => {
  it('a dry run says what would be added; a real run what was added (vi and en)', async () => {
    const tVi = await translator('vi');
    const tEn = await translator('en');
    expect(personsCreatedText(job(true, 3), tVi)).toContain('3 người mới sẽ được thêm vào sổ');
    expect(personsCreatedText(job(true, 3), tEn)).toContain('3 new people would be added');
    expect(personsCreatedText(job(false, 3), tVi)).toBe('Đã thêm 3 người mới vào sổ.');
    expect(personsCreatedText(job(false, 3), tEn)).toBe('3 new people added to the registry.');
    expect(personsCreatedText(job(true, 0), tVi)).toBe('');
    expect(countLabel(job(true, 0), 'imported', tVi)).toBe('Sẽ nhập');
    expect(countLabel(job(false, 0), 'imported', tVi)).toBe('Đã nhập');
    expect(countLabel(job(true, 0), 'review', tEn)).toBe('Would need review');
  });

  it('names both new review reasons in both languages, with the dose number', async () => {
    for (const [t, missing, duplicate] of [
      [
        await translator('vi'),
        'Mũi 2 nhưng chưa có mũi 1 trong sổ',
        'Có thể trùng với một người đã có trong sổ',
      ],
      [
        await translator('en'),
        'Dose 2 but no dose 1 on record',
        'May be the same as a person already on record',
      ],
    ] as const) {
      expect(t('imports.review.reason.missing_earlier_dose', { number: 2 })).toBe(missing);
      expect(t('imports.review.reason.likely_duplicate', { number: 1 })).toContain(duplicate);
    }
  });
});
