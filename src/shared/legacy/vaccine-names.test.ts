import { describe, expect, it } from 'vitest';
import catalogue from '../../../reference/vaccines.json' with { type: 'json' };
import { editDistance, matchVaccineName } from './vaccine-names.ts';

const codes = new Set(catalogue.products.map((p) => p.code));

describe('matchVaccineName', () => {
  it('matches catalogue codes, names, brands and manufacturers exactly', () => {
    for (const p of catalogue.products) {
      for (const form of [p.code, p.name, p.brand, p.manufacturer]) {
        expect(matchVaccineName(form), form).toEqual({ code: p.code, exact: true });
      }
    }
  });

  it.each([
    ['Astra', 'AZ', true],
    ['AstraZeneca', 'AZ', true],
    ['AZ', 'AZ', true],
    ['astra zeneca', 'AZ', true],
    ['Asztrazeneca', 'AZ', false],
    ['Pfizer', 'PFIZER', true],
    ['Phizer', 'PFIZER', false],
    ['Pfizơ', 'PFIZER', false],
    ['PFIZƠ', 'PFIZER', false],
    ['Comirnaty', 'PFIZER', true],
    ['Moderna', 'MODERNA', true],
    ['Modena', 'MODERNA', false],
    ['Spikevax', 'MODERNA', true],
    ['Vero Cell', 'VEROCELL', true],
    ['Verocell', 'VEROCELL', true],
    ['VERO  CELL', 'VEROCELL', true],
    ['Sinopharm', 'VEROCELL', true],
    ['Sputnik V', 'SPUTNIKV', true],
    ['Sputnick', 'SPUTNIKV', false],
    ['Hayat-Vax', 'HAYATVAX', true],
    ['hayat vax', 'HAYATVAX', true],
    ['Abdala', 'ABDALA', true],
    ['Janssen', 'JANSSEN', true],
    ['J&J', 'JANSSEN', true],
    ['Johnson & Johnson', 'JANSSEN', true],
    ['Vắc xin Pfizer', 'PFIZER', true],
    ['Vaccine AstraZeneca', 'AZ', true],
    ['Pfizer (Comirnaty)', 'PFIZER', true],
    ['AZ - lô ABV5811', 'AZ', true],
    ['Modernaa', 'MODERNA', false],
    ['Moderan', 'MODERNA', false],
    ['Astrazenecaa', 'AZ', false],
    ['Pfzer', 'PFIZER', false],
    ['Spuknik V', 'SPUTNIKV', false],
  ])('%s → %s (exact %s)', (raw, code, exact) => {
    expect(matchVaccineName(raw)).toEqual({ code, exact });
  });

  it.each([
    'Covaxin',
    'Nanocovax',
    'Sinovac',
    'CoronaVac',
    'Novavax',
    'Covishield',
    'Soberana',
    'Medigen',
    'Zifivax',
    'Pfizer/Moderna',
    'AZ + Pfizer',
    'Vắc xin',
    'X',
    'ABC',
    '',
    '   ',
  ])('%s → null (unknown or ambiguous)', (raw) => {
    expect(matchVaccineName(raw)).toBeNull();
  });

  it('only ever answers codes of the catalogue', () => {
    for (const raw of ['az', 'pfizer', 'moderna', 'vero', 'hayat', 'sputnik', 'abdala', 'janssen', 'jnj']) {
      const match = matchVaccineName(raw);
      expect(match && codes.has(match.code), raw).toBe(true);
    }
  });

  it('returns a fresh object each time (the cache cannot be changed by a caller)', () => {
    const first = matchVaccineName('Pfizer');
    if (first) first.code = 'MODERNA';
    expect(matchVaccineName('Pfizer')).toEqual({ code: 'PFIZER', exact: true });
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and transpositions, capped', () => {
    expect(editDistance('moderna', 'modena', 2)).toBe(1);
    expect(editDistance('moderna', 'moderan', 2)).toBe(1);
    expect(editDistance('pfizer', 'phizer', 2)).toBe(1);
    expect(editDistance('abc', 'abc', 2)).toBe(0);
    expect(editDistance('covaxin', 'hayatvax', 2)).toBe(3);
  });
});
