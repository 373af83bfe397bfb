import { describe, expect, it } from 'vitest';
import { parseLegacyDate } from './legacy-dates.ts';

const today = new Date(Date.UTC(2026, 5, 1));

describe('parseLegacyDate', () => {
  it.each([
    ['15/03/2021', '2021-03-15'],
    ['5/3/2021', '2021-03-05'],
    ['05-03-2021', '2021-03-05'],
    ['05.03.2021', '2021-03-05'],
    ['5/3/21', '2021-03-05'],
    ['1/2/85', '1985-02-01'],
    ['1/2/26', '2026-02-01'],
    ['1/2/27', '1927-02-01'],
    ['2021-03-15', '2021-03-15'],
    ['2021/3/5', '2021-03-05'],
    ['2021-03-15T08:00:00.000Z', '2021-03-15'],
    ['15/03/2021 08:30', '2021-03-15'],
    ['15/03/2021 8:30:15 AM', '2021-03-15'],
    ['  15/03/2021  ', '2021-03-15'],
    ['20210315', '2021-03-15'],
    ['01021985', '1985-02-01'],
    ['44270', '2021-03-15'],
    ['15-Mar-2021', '2021-03-15'],
    ['15 March 2021', '2021-03-15'],
    ['15-mar-21', '2021-03-15'],
    ['ngày 15 tháng 3 năm 2021', '2021-03-15'],
    ['15 tháng 03 2021', '2021-03-15'],
    ['29/02/2024', '2024-02-29'],
  ])('%s → %s', (raw, date) => {
    expect(parseLegacyDate(raw, today)).toEqual({ ok: true, date });
  });

  it('reads Excel serial numbers and Date cells', () => {
    expect(parseLegacyDate(44270)).toEqual({ ok: true, date: '2021-03-15' });
    expect(parseLegacyDate(44270.75)).toEqual({ ok: true, date: '2021-03-15' });
    expect(parseLegacyDate(1)).toEqual({ ok: true, date: '1900-01-01' });
    expect(parseLegacyDate(61)).toEqual({ ok: true, date: '1900-03-01' });
    expect(parseLegacyDate(31_079)).toEqual({ ok: true, date: '1985-02-01' });
    expect(parseLegacyDate(new Date(Date.UTC(2021, 2, 15)))).toEqual({ ok: true, date: '2021-03-15' });
  });

  it.each(['1985', '03/2021', '2021-03', '3/2021'])('%s is incomplete', (raw) => {
    expect(parseLegacyDate(raw, today)).toEqual({ ok: false, code: 'date.incomplete' });
  });

  it.each([
    '',
    'abc',
    '31/02/2021',
    '29/02/2021',
    '3/15/2021',
    '00/01/2021',
    '15/13/2021',
    '2021-02-30',
    '15-Foo-2021',
    '1/2/3/4',
    '123',
  ])('%s is invalid', (raw) => {
    expect(parseLegacyDate(raw, today)).toEqual({ ok: false, code: 'date.invalid' });
  });

  it('rejects impossible serials and dates', () => {
    expect(parseLegacyDate(0)).toEqual({ ok: false, code: 'date.invalid' });
    expect(parseLegacyDate(60)).toEqual({ ok: false, code: 'date.invalid' });
    expect(parseLegacyDate(Number.NaN)).toEqual({ ok: false, code: 'date.invalid' });
    expect(parseLegacyDate(new Date('nope'))).toEqual({ ok: false, code: 'date.invalid' });
  });
});
