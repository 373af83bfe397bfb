import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countsOf, csvText, importLocalFile, tempFile } from '../../../../../test/helpers/imports.ts';
import { createTestDatabase, TEST_ENGINES } from '../../../../../test/helpers/test-app.ts';
import { fromUnicodeText, type VietnameseEncoding } from '../../../../shared/legacy/legacy-text.ts';
import type { Database } from '../../../db/database.ts';
import type { DB } from '../../../db/schema.ts';

const HEADERS = [
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Tỉnh/Thành phố',
  'Xã/Phường',
  'Địa chỉ',
  'Mũi số',
  'Ngày tiêm',
  'Tên vắc xin',
];

/** Names with every kind of mark, an old ward name, and the vaccine in Vietnamese. */
function rows(tag: string): string[][] {
  return [
    HEADERS,
    [
      `Nguyễn Thị Hương ${tag}`,
      '12/05/1980',
      'Nữ',
      'Hà Nội',
      'Phường Trúc Bạch',
      'Số 5 ngõ Trúc Lạc',
      '1',
      '10/08/2021',
      'Vắc xin AstraZeneca',
    ],
    [
      `Đỗ Văn Ượng ${tag}`,
      '01/01/1955',
      'Nam',
      'Hà Nội',
      'Phường Quán Thánh',
      'Tổ dân phố số 3',
      // Dose 1: a dose 2 with no dose 1 would wait in review (issue 12).
      '1',
      '11/08/2021',
      'Pfizer',
    ],
    [
      `Trần Ngọc Ẩn ${tag}`,
      '28/02/2001',
      'Nữ',
      'Thành phố Hà Nội',
      'Phường Ba Đình',
      'Ngõ Hàng Bún',
      '1',
      '12/08/2021',
      'Moderna',
    ],
  ];
}

/** The names as a person types them, then as NFC title case in the registry. */
const expectedNames = (tag: string) =>
  [`Nguyễn Thị Hương ${tag}`, `Đỗ Văn Ượng ${tag}`, `Trần Ngọc Ẩn ${tag}`].map((n) => n.normalize('NFC'));

/** The file's bytes in a legacy encoding: each character of the converted text is one byte. */
function encode(text: string, encoding: VietnameseEncoding | 'nfd'): Uint8Array {
  if (encoding === 'nfd')
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.normalize('NFD'))]);
  return Buffer.from(fromUnicodeText(text, encoding as VietnameseEncoding), 'latin1');
}

// Names without a tag letter that changes in the encodings: the tags are plain ASCII.
const CASES = [
  { encoding: 'tcvn3', tag: 'Ab', delimiter: ',' },
  { encoding: 'vni', tag: 'Vn', delimiter: ';' },
  { encoding: 'nfd', tag: 'Nf', delimiter: '\t' },
] as const;

describe.each(TEST_ENGINES)('legacy text encodings (%s)', (engine) => {
  let database: Database;
  let db: Kysely<DB>;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = database.db;
    await db
      .insertInto('facility')
      .values({ code: 'ENC-SITE', name: 'Enc site', kind: 'vaccination_site', unit_id: '2025-00004' })
      .execute();
  });
  afterAll(() => database?.close());

  it.each(CASES)(
    'imports a $encoding file with correct diacritics (headers, names, addresses)',
    async ({ encoding, tag, delimiter }) => {
      const bytes = encode(csvText(rows(tag), delimiter), encoding);
      // The file really is in the legacy encoding: no UTF-8 Vietnamese letters in it.
      if (encoding !== 'nfd') expect(Buffer.from(bytes).toString('latin1')).not.toContain('ư');
      const job = await importLocalFile(db, tempFile(`${encoding}.csv`, bytes), 'ENC-SITE');
      expect(job.state).toBe('done');
      expect(job.encoding).toBe(encoding === 'nfd' ? 'unicode' : encoding);
      expect(job.headers).toEqual(HEADERS);
      expect(countsOf(job)).toMatchObject({ read: 3, imported: 3, failed: 0, personsCreated: 3 });
      const persons = await db
        .selectFrom('person')
        .select(['full_name', 'unit_id', 'address_line'])
        .where('name_key', 'like', `% ${tag.toLowerCase()}`)
        .orderBy('birth_date', 'desc')
        .execute();
      expect(persons.map((p) => p.full_name).sort()).toEqual(expectedNames(tag).sort());
      for (const p of persons) {
        expect(p.full_name).toBe(p.full_name.normalize('NFC'));
        expect(p.unit_id).toBe('2025-00004');
      }
      expect(persons[0].address_line).toBe('Ngõ Hàng Bún, Phường Ba Đình, Thành phố Hà Nội');
    },
  );
});
