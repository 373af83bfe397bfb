import { describe, expect, it } from 'vitest';
import { vietnameseProblems } from '../../../../test/helpers/language-check.ts';
import { DEFAULT_ISSUER_NAME } from '../../../shared/certificate/issuer-name.ts';
import type { Certificate } from '../../../shared/schemas/certificates.ts';
import { certificateText } from './certificate-pdf.ts';

const certificate = {
  state: 'issued',
  uvci: 'URN:UVCI:01:VN:ABCDEFGHIJKLMNOPQRSTUVWXYZ#K',
  // 23:30 on 22 October in UTC is 06:30 on the 23rd in Viet Nam.
  issuedAt: '2021-10-22T23:30:00.000Z',
  expiresAt: '2022-09-23T16:59:59.000Z',
  issuer: DEFAULT_ISSUER_NAME,
  euDcc: 'HC1:…',
  shc: 'shc:/…',
  shcChunks: ['shc:/…'],
  holder: {
    fullName: 'Nguyễn Văn Đức Anh',
    birthDate: '1963-10-22',
    familyNameIcao: 'NGUYEN',
    givenNameIcao: 'VAN<DUC<ANH',
  },
  doses: [
    {
      doseNumber: 1,
      date: '2021-09-02',
      vaccineCode: 'PFIZER',
      product: 'Comirnaty',
      manufacturer: 'Biontech Manufacturing GmbH',
      country: 'VN',
    },
    {
      doseNumber: 2,
      date: '2021-09-23',
      vaccineCode: 'PFIZER',
      product: 'Comirnaty',
      manufacturer: 'Biontech Manufacturing GmbH',
      country: 'VN',
    },
  ],
} as unknown as Certificate;

describe('the printed certificate speaks its language', () => {
  it('in Vietnamese: dates dd/mm/yyyy on Viet Nam’s calendar, the issuer in Vietnamese, no English', () => {
    const words = certificateText(certificate, 'vi');
    const all = Object.values(words).flat().join('\n');
    expect(vietnameseProblems(all)).toEqual([]);
    expect(words.birthDate).toBe('Ngày sinh: 22/10/1963');
    expect(words.issuer).toBe('Cơ quan cấp: Bộ Y tế Việt Nam');
    expect(words.validity).toBe('Hiệu lực: 23/10/2021 đến 23/09/2022');
    expect(words.doses[1]).toContain('Mũi 2: 23/09/2021');
  });

  it('in English: the signed issuer name and English dates', () => {
    const words = certificateText(certificate, 'en');
    expect(words.issuer).toBe(`Issuer: ${DEFAULT_ISSUER_NAME}`);
    expect(words.birthDate).toContain('22 Oct 1963');
  });
});
