import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  decodeHead,
  detectVietnameseEncoding,
  fromUnicodeText,
  toUnicodeText,
  VIETNAMESE_LETTERS,
} from './legacy-text.ts';

const cp1252 = new TextDecoder('windows-1252');
const bytesOf = (legacy: string) => Buffer.from(legacy, 'latin1');

const hasIconv = (() => {
  try {
    execFileSync('iconv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const SENTENCE =
  'Nguyễn Thị Thu Hương, Phường Trúc Bạch, Quận Ba Đình, Hà Nội; Đặng Quốc Việt, Xã Ứng Hòa; ' +
  'Trần Ngọc Ánh, Thôn Ỷ Lan, xóm Ông Ích Khiêm - Hồ Gươm, Lý Thường Kiệt, Ỵ';

describe('the 134 Vietnamese letters', () => {
  it('are 67 lower-case and 67 capitals, all different, NFC', () => {
    expect(VIETNAMESE_LETTERS).toHaveLength(134);
    expect(new Set(VIETNAMESE_LETTERS).size).toBe(134);
    for (const letter of VIETNAMESE_LETTERS) expect(letter).toBe(letter.normalize('NFC'));
  });

  for (const encoding of ['tcvn3', 'vni'] as const) {
    it(`round-trip Unicode → ${encoding} bytes → Unicode, read as latin1 and as Windows-1252`, () => {
      for (const letter of VIETNAMESE_LETTERS) {
        const legacy = fromUnicodeText(letter, encoding);
        expect(legacy).not.toContain('?');
        expect([...legacy].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
        expect(toUnicodeText(legacy, encoding), `${letter} via ${encoding}`).toBe(letter);
        expect(toUnicodeText(cp1252.decode(bytesOf(legacy)), encoding)).toBe(letter);
      }
    });
  }

  it('decompose (NFD) and come back to NFC', () => {
    for (const letter of VIETNAMESE_LETTERS) {
      expect(toUnicodeText(letter.normalize('NFD'), 'unicode')).toBe(letter);
    }
  });
});

describe('TCVN3', () => {
  it.skipIf(!hasIconv)('decodes every byte as GNU iconv TCVN5712-1 does', () => {
    const bytes = Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1));
    const utf32 = execFileSync('iconv', ['-f', 'TCVN5712-1', '-t', 'UTF-32LE'], { input: bytes });
    for (let i = 0; i < bytes.length; i++) {
      const expected = String.fromCodePoint(utf32.readUInt32LE(i * 4));
      expect(toUnicodeText(String.fromCharCode(bytes[i]), 'tcvn3'), `byte 0x${bytes[i].toString(16)}`).toBe(
        expected,
      );
    }
  });

  it('converts words written by the ABC fonts', () => {
    expect(toUnicodeText('NguyÔn V¨n §øc', 'tcvn3')).toBe('Nguyễn Văn Đức');
    expect(toUnicodeText('Ph\u00adêng Tróc B¹ch', 'tcvn3')).toBe('Phường Trúc Bạch');
    expect(toUnicodeText('Hµ Néi', 'tcvn3')).toBe('Hà Nội');
  });

  it('upper-cases words typed with a capitals font (.VnTimeH) on the lower-case codes', () => {
    expect(toUnicodeText('NGUYÔN V¡N §øC', 'tcvn3')).toBe('NGUYỄN VĂN ĐỨC');
    expect(toUnicodeText('TRÇN THÞ HOA', 'tcvn3')).toBe('TRẦN THỊ HOA');
    // Words with one capital read the same in both fonts: left as written.
    expect(toUnicodeText('Hµ', 'tcvn3')).toBe('Hà');
    expect(toUnicodeText('Sè CCCD/CMND', 'tcvn3')).toBe('Số CCCD/CMND');
    expect(toUnicodeText('X· Cæ §«', 'tcvn3')).toBe('Xã Cổ Đô');
  });

  it('round-trips a sentence', () => {
    const legacy = fromUnicodeText(SENTENCE, 'tcvn3');
    expect(toUnicodeText(legacy, 'tcvn3')).toBe(SENTENCE);
    expect(toUnicodeText(cp1252.decode(bytesOf(legacy)), 'tcvn3')).toBe(SENTENCE);
  });
});

describe('VNI-Windows', () => {
  it('converts the published example and common words', () => {
    expect(fromUnicodeText('Xin chào các bạn', 'vni')).toBe('Xin chaøo caùc baïn');
    expect(toUnicodeText('Xin chaøo caùc baïn', 'vni')).toBe('Xin chào các bạn');
    expect(toUnicodeText('Nguyeãn Vaên Ñöùc', 'vni')).toBe('Nguyễn Văn Đức');
    expect(toUnicodeText('NGUYEÃN THÒ THU HÖÔNG', 'vni')).toBe('NGUYỄN THỊ THU HƯƠNG');
    expect(toUnicodeText('Quaän Ba Ñình', 'vni')).toBe('Quận Ba Đình');
  });

  it('round-trips a sentence', () => {
    const legacy = fromUnicodeText(SENTENCE, 'vni');
    expect(toUnicodeText(legacy, 'vni')).toBe(SENTENCE);
    expect(toUnicodeText(cp1252.decode(bytesOf(legacy)), 'vni')).toBe(SENTENCE);
  });
});

describe('toUnicodeText', () => {
  it('returns ASCII fields unchanged, in every encoding', () => {
    for (const encoding of ['unicode', 'tcvn3', 'vni'] as const) {
      expect(toUnicodeText('Nguyen Van An 15/03/1985 0912345678', encoding)).toBe(
        'Nguyen Van An 15/03/1985 0912345678',
      );
      expect(toUnicodeText('', encoding)).toBe('');
    }
  });

  it('passes plain ASCII fields through unchanged, whatever the encoding', () => {
    // (Its speed is the import benchmark's business, not a unit test's: a timed assertion here failed
    // on a loaded machine.)
    const fields = ['Nguyen Van An', '15/03/1985', '001085012345', '0912345678', 'AstraZeneca', '2'];
    for (const encoding of ['tcvn3', 'vni'] as const)
      expect(fields.map((f) => toUnicodeText(f, encoding))).toEqual(fields);
  });
});

describe('detectVietnameseEncoding', () => {
  const names = SENTENCE;
  it('tells Unicode (NFC and NFD), TCVN3 and VNI apart', () => {
    expect(detectVietnameseEncoding(names)).toBe('unicode');
    expect(detectVietnameseEncoding(names.normalize('NFD'))).toBe('unicode');
    expect(detectVietnameseEncoding(fromUnicodeText(names, 'tcvn3'))).toBe('tcvn3');
    expect(detectVietnameseEncoding(fromUnicodeText(names, 'vni'))).toBe('vni');
    expect(detectVietnameseEncoding(cp1252.decode(bytesOf(fromUnicodeText(names, 'tcvn3'))))).toBe('tcvn3');
    expect(detectVietnameseEncoding(cp1252.decode(bytesOf(fromUnicodeText(names, 'vni'))))).toBe('vni');
  });

  it('takes ASCII and Western European latin1 text for Unicode (nothing to convert)', () => {
    expect(detectVietnameseEncoding('Nguyen Van An,15/03/1985,AZ')).toBe('unicode');
    expect(detectVietnameseEncoding('')).toBe('unicode');
    expect(detectVietnameseEncoding('Café crème, Zürich')).toBe('unicode');
  });

  it('keeps Unicode and ASCII files with a few symbols or Latin-1 letters as they are', () => {
    expect(detectVietnameseEncoding('Nguyen Van Hoàng,Hoàng Anh,Thuê,Hoà Bình,Khuê')).toBe('unicode');
    expect(detectVietnameseEncoding('Nguyen Van An,"So 5 – ngo 3",nhiet do 37°C')).toBe('unicode');
    expect(detectVietnameseEncoding('“Nguyen Van An” – © 2021 « Ha Noi »')).toBe('unicode');
  });

  it('detects TCVN3 and VNI on short name lists', () => {
    const list = ['Lê Thị Hoa', 'Phạm Văn Tuấn', 'Võ Minh Thành', 'Bùi Thị Yến'].join(',');
    expect(detectVietnameseEncoding(fromUnicodeText(list, 'tcvn3'))).toBe('tcvn3');
    expect(detectVietnameseEncoding(fromUnicodeText(list, 'vni'))).toBe('vni');
  });
});

describe('decodeHead', () => {
  const csv = `Họ và tên,Ngày sinh\n${SENTENCE},01/02/1985\n`;
  it('reads UTF-8 with and without a byte order mark', () => {
    expect(decodeHead(new TextEncoder().encode(csv))).toEqual({ charset: 'utf-8', encoding: 'unicode' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv.normalize('NFD'))]);
    expect(decodeHead(bom)).toEqual({ charset: 'utf-8', encoding: 'unicode' });
  });

  it('allows a character cut at the end of the head', () => {
    const bytes = new TextEncoder().encode(csv);
    const cut = bytes.subarray(0, bytes.indexOf(0xe1, 40) + 1); // first byte of a 3-byte character
    expect(decodeHead(cut).charset).toBe('utf-8');
  });

  it('reads TCVN3 and VNI files as latin1', () => {
    expect(decodeHead(bytesOf(fromUnicodeText(csv, 'tcvn3')))).toEqual({
      charset: 'latin1',
      encoding: 'tcvn3',
    });
    expect(decodeHead(bytesOf(fromUnicodeText(csv, 'vni')))).toEqual({ charset: 'latin1', encoding: 'vni' });
  });

  it('reads a VNI file that went through Excel as Windows-1252 and was saved as UTF-8', () => {
    const legacy = cp1252.decode(bytesOf(fromUnicodeText(csv, 'vni')));
    expect(decodeHead(new TextEncoder().encode(legacy))).toEqual({ charset: 'utf-8', encoding: 'vni' });
  });
});
