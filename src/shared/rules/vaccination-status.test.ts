import { describe, expect, it } from 'vitest';
import vaccines from '../../../reference/vaccines.json' with { type: 'json' };
import { formatMessage } from '../messages.ts';
import { type DoseFact, type VaccineRule, vaccinationStatus } from './vaccination-status.ts';

const catalogue: VaccineRule[] = vaccines.products.map((p) => ({
  code: p.code,
  name: p.name,
  platform: p.platform,
  dosesInSeries: p.dosesInSeries,
  intervals: p.intervals,
  mixWith: p.mixWith,
}));

const d = (vaccineCode: string, date: string, extra: Partial<DoseFact> = {}): DoseFact => ({
  vaccineCode,
  date,
  ...extra,
});
const status = (doses: DoseFact[], today = '2022-06-01') => vaccinationStatus(doses, catalogue, today);
const english = (s: ReturnType<typeof status>) => s.reasons.map((r) => formatMessage(r.code, 'en', r.params));

describe('vaccination status engine', () => {
  it.each([
    // name, doses, today, state, colour, primary, next dose (number, earliest, options)
    ['no doses', [], '2022-01-01', 'none', 'grey', 0, null],
    [
      'one Pfizer dose',
      [d('PFIZER', '2021-09-01')],
      '2021-09-10',
      'partial',
      'yellow',
      1,
      [2, '2021-09-22', ['PFIZER', 'MODERNA']],
    ],
    [
      'one AstraZeneca dose: AZ, Pfizer or Moderna from 28 days',
      [d('AZ', '2021-08-01')],
      '2021-08-05',
      'partial',
      'yellow',
      1,
      [2, '2021-08-29', ['AZ', 'PFIZER', 'MODERNA']],
    ],
    [
      'Pfizer × 2, 10 days after the second',
      [d('PFIZER', '2021-09-01'), d('PFIZER', '2021-09-22')],
      '2021-10-02',
      'complete',
      'yellow',
      2,
      [3, '2021-12-21', ['PFIZER', 'MODERNA']],
    ],
    [
      'Pfizer × 2, 14 days after the second',
      [d('PFIZER', '2021-09-01'), d('PFIZER', '2021-09-22')],
      '2021-10-06',
      'complete',
      'green',
      2,
      [3, '2021-12-21', ['PFIZER', 'MODERNA']],
    ],
    [
      'Janssen: one dose completes the series',
      [d('JANSSEN', '2021-10-01')],
      '2021-11-01',
      'complete',
      'green',
      1,
      [2, '2021-12-30', ['JANSSEN', 'PFIZER', 'MODERNA']],
    ],
    [
      'Abdala × 2 of 3',
      [d('ABDALA', '2021-10-01'), d('ABDALA', '2021-10-15')],
      '2021-10-20',
      'partial',
      'yellow',
      2,
      [3, '2021-10-29', ['ABDALA']],
    ],
    [
      'Abdala × 3',
      [d('ABDALA', '2021-10-01'), d('ABDALA', '2021-10-15'), d('ABDALA', '2021-10-29')],
      '2021-11-20',
      'complete',
      'green',
      3,
      [4, '2022-01-27', ['ABDALA', 'PFIZER', 'MODERNA']],
    ],
    [
      'AstraZeneca then Pfizer (allowed mix)',
      [d('AZ', '2021-07-01'), d('PFIZER', '2021-08-05')],
      '2021-09-01',
      'complete',
      'green',
      2,
      [3, '2021-11-03', ['PFIZER', 'MODERNA']],
    ],
    [
      'Pfizer then Moderna (interchangeable)',
      [d('PFIZER', '2021-09-01'), d('MODERNA', '2021-09-25')],
      '2021-10-20',
      'complete',
      'green',
      2,
      [3, '2021-12-24', ['MODERNA', 'PFIZER']],
    ],
    [
      'Vero Cell then Sputnik V (forbidden)',
      [d('VEROCELL', '2021-09-01'), d('SPUTNIKV', '2021-10-01')],
      '2021-10-20',
      'partial',
      'yellow',
      1,
      [2, '2021-09-22', ['VEROCELL', 'HAYATVAX']],
    ],
    [
      'Pfizer then AstraZeneca (not in the mixing rules)',
      [d('PFIZER', '2021-09-01'), d('AZ', '2021-10-01')],
      '2021-10-20',
      'partial',
      'yellow',
      1,
      [2, '2021-09-22', ['PFIZER', 'MODERNA']],
    ],
    [
      'second Pfizer 15 days after the first (too early)',
      [d('PFIZER', '2021-09-01'), d('PFIZER', '2021-09-16')],
      '2021-10-20',
      'partial',
      'yellow',
      1,
      [2, '2021-09-22', ['PFIZER', 'MODERNA']],
    ],
    [
      'too early, then again in time',
      [d('PFIZER', '2021-09-01'), d('PFIZER', '2021-09-16'), d('PFIZER', '2021-09-30')],
      '2021-10-20',
      'complete',
      'green',
      2,
      [3, '2021-12-29', ['PFIZER', 'MODERNA']],
    ],
    [
      'a voided second dose does not count',
      [d('PFIZER', '2021-09-01'), d('PFIZER', '2021-09-22', { voided: true })],
      '2021-10-20',
      'partial',
      'yellow',
      1,
      [2, '2021-09-22', ['PFIZER', 'MODERNA']],
    ],
    [
      'first dose abroad counts',
      [d('MODERNA', '2021-06-01', { country: 'USA' }), d('MODERNA', '2021-07-01')],
      '2021-08-01',
      'complete',
      'green',
      2,
      [3, '2021-09-29', ['MODERNA', 'PFIZER']],
    ],
    [
      'booster after 3 months',
      [d('AZ', '2021-07-01'), d('AZ', '2021-08-26'), d('PFIZER', '2021-12-01')],
      '2022-01-01',
      'boosted',
      'green',
      2,
      [4, '2022-03-01', ['PFIZER', 'MODERNA']],
    ],
    [
      'complete but older than 12 months',
      [d('PFIZER', '2021-03-01'), d('PFIZER', '2021-03-22')],
      '2022-04-01',
      'complete',
      'yellow',
      2,
      [3, '2021-06-20', ['PFIZER', 'MODERNA']],
    ],
  ] as const)('%s', (_name, doses, today, state, colour, primary, next) => {
    const result = status([...doses], today);
    expect(result.state).toBe(state);
    expect(result.colour).toBe(colour);
    expect(result.primaryDoses).toBe(primary);
    if (next === null) expect(result.nextDose).toBeNull();
    else expect(result.nextDose).toMatchObject({ number: next[0], earliest: next[1], options: next[2] });
  });

  it('says why, in plain Vietnamese and English: "dose 2 was 15 days after dose 1; Pfizer needs 21"', () => {
    const result = status([d('PFIZER', '2021-09-01'), d('PFIZER', '2021-09-16')]);
    expect(english(result)).toContain(
      'Dose 2 was 15 days after the previous one; Pfizer-BioNTech needs 21, so it does not count',
    );
    const vi = result.reasons.map((r) => formatMessage(r.code, 'vi', r.params));
    expect(vi).toContain(
      'Mũi 2 cách mũi trước 15 ngày; Pfizer-BioNTech cần ít nhất 21 ngày nên chưa được tính',
    );
    expect(result.doses.map((x) => x.role)).toEqual(['primary', 'not_counted']);
  });

  it('gives the dates it becomes and stops being valid (14 days, 12 months), configurable', () => {
    const doses = [d('MODERNA', '2021-08-01'), d('MODERNA', '2021-08-29')];
    expect(status(doses, '2021-09-01')).toMatchObject({
      completedOn: '2021-08-29',
      validFrom: '2021-09-12',
      validUntil: '2022-08-29',
    });
    expect(english(status(doses, '2021-09-01'))).toContain(
      'Valid from 12 Sept 2021 (14 days after the last primary dose)',
    );
    // Dates in messages are written the way each language writes them, never as ISO dates.
    expect(status(doses, '2021-09-01').reasons.map((r) => formatMessage(r.code, 'vi', r.params))).toContain(
      'Có hiệu lực từ 12/09/2021 (14 ngày sau mũi cuối)',
    );
    const strict = vaccinationStatus(doses, catalogue, '2021-09-10', {
      validAfterDays: 7,
      validityMonths: 9,
      boosterMinDays: 180,
      boosterPlatforms: [],
    });
    expect(strict).toMatchObject({
      colour: 'green',
      validFrom: '2021-09-05',
      validUntil: '2022-05-29',
      nextDose: { earliest: '2022-02-25', options: ['MODERNA'] },
    });
  });

  it('explains forbidden mixes, voided and unknown doses, doses abroad and early boosters', () => {
    const result = status([
      d('VEROCELL', '2021-09-01'),
      d('SPUTNIKV', '2021-09-25'),
      d('VEROCELL', '2021-09-29', { country: 'KHM' }),
      d('XYZ', '2021-10-10'),
      d('PFIZER', '2021-11-01'),
      d('PFIZER', '2021-11-02', { voided: true }),
    ]);
    expect(english(result)).toEqual(
      expect.arrayContaining([
        'Sputnik V may not follow Sinopharm Vero Cell; the dose of 25 Sept 2021 does not count',
        'The dose of 29 Sept 2021 was given abroad (KHM)',
        'The dose of 10 Oct 2021: vaccine “XYZ” is not in the catalogue and does not count',
        'The booster of 1 Nov 2021 came less than 90 days after the primary series and does not count as one',
        'The dose of 2 Nov 2021 was voided (entered in error) and does not count',
      ]),
    );
    expect(result.state).toBe('complete');
  });
});
