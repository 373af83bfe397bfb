import { describe, expect, it } from 'vitest';
import {
  buildDcc,
  icaoTransliterate,
  newUvci,
  splitVietnameseName,
  uvciCheckCharacter,
  uvciCheckValid,
} from './dcc-content.ts';

describe('ICAO 9303 transliteration of Vietnamese names', () => {
  it.each([
    ['Nguyễn Văn A', 'NGUYEN<VAN<A'],
    ['Đặng Thị Ánh Tuyết', 'DANG<THI<ANH<TUYET'],
    ['đỗ  hữu   đạt', 'DO<HUU<DAT'],
    ['Lê-Phạm Ngọc', 'LE<PHAM<NGOC'],
    ["  Trần O'Hara ", 'TRAN<O<HARA'],
    ['Ưng Hoàng Phúc', 'UNG<HOANG<PHUC'],
  ])('%s → %s', (name, expected) => {
    expect(icaoTransliterate(name)).toBe(expected);
    expect(icaoTransliterate(name)).toMatch(/^[A-Z<]*$/);
  });

  it('keeps at most 80 characters, never ending in a filler', () => {
    const long = icaoTransliterate('Nguyễn '.repeat(20));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith('<')).toBe(false);
  });

  it('splits the family name (first word) from the given names', () => {
    expect(splitVietnameseName(' Nguyễn  Văn Đức Anh ')).toEqual({ family: 'Nguyễn', given: 'Văn Đức Anh' });
    expect(splitVietnameseName('Mai')).toEqual({ family: 'Mai', given: '' });
  });
});

describe('UVCI check character (Luhn mod N over the EU charset)', () => {
  it.each([
    // Real UVCIs from the EU DCC test data of other countries.
    'URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B',
    'URN:UVCI:01:DK:0EF88044F7935DF2B4A938A38C14C97C#C',
    'URN:UVCI:01:FR:476R6WUM8B9U#0',
    'URN:UVCI:01:FR:GGD81AAH16A1#4',
  ])('agrees with %s', (uvci) => {
    const [body, check] = uvci.split('#');
    expect(uvciCheckCharacter(body)).toBe(check);
    expect(uvciCheckValid(uvci)).toBe(true);
  });

  it('detects a changed character and refuses characters outside the charset', () => {
    expect(uvciCheckValid('URN:UVCI:01:FR:GGD81AAH16A2#4')).toBe(false);
    expect(uvciCheckValid('URN:UVCI:01:FR:GGD81AAH16A1')).toBe(false);
    expect(() => uvciCheckCharacter('urn:uvci')).toThrow();
  });

  it('new UVCIs are URN:UVCI:01:VN:<26 base32>#<check> and unique', () => {
    const a = newUvci();
    expect(a).toMatch(/^URN:UVCI:01:VN:[A-Z2-7]{26}#[A-Z0-9/:]$/);
    expect(uvciCheckValid(a)).toBe(true);
    expect(newUvci()).not.toBe(a);
  });
});

describe('EU DCC content', () => {
  const dose = (n: number, date: string) => ({
    id: `d${n}`,
    vaccineCode: 'PFIZER',
    productName: 'Comirnaty',
    manufacturer: 'Pfizer',
    euMp: 'EU/1/20/1528',
    euMa: 'ORG-100030215',
    euVp: 'J07BX03',
    dosesInSeries: 2,
    doseNumber: n,
    givenOn: date,
    country: 'VN',
    lotNumber: null,
    facilityName: null,
  });
  it('certifies the last dose; a booster has dn > series doses and sd follows it', () => {
    const person = { fullName: 'Nguyễn Văn A', birthDate: '1990-01-02' };
    const dcc = buildDcc(person, [dose(1, '2021-08-01'), dose(2, '2021-08-22'), dose(3, '2022-01-10')], {
      uvci: 'URN:UVCI:01:VN:X#Y',
      issuerName: 'Ministry of Health of Viet Nam',
    });
    expect(dcc).toMatchObject({
      ver: '1.3.0',
      nam: { fn: 'Nguyễn', fnt: 'NGUYEN', gn: 'Văn A', gnt: 'VAN<A' },
      dob: '1990-01-02',
    });
    expect(dcc.v).toEqual([
      expect.objectContaining({
        tg: '840539006',
        dn: 3,
        sd: 3,
        dt: '2022-01-10',
        co: 'VN',
        mp: 'EU/1/20/1528',
      }),
    ]);
    expect(() => buildDcc(person, [], { uvci: 'x', issuerName: 'y' })).toThrow();
  });
});
