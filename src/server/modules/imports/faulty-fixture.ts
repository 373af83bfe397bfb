import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * The faulty legacy file of the import tests: template headers, one row for each outcome and fault.
 */

export const HEADERS = [
  'Mã dòng',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số CCCD/CMND',
  'Số điện thoại',
  'Tỉnh/Thành phố',
  'Quận/Huyện',
  'Xã/Phường',
  'Địa chỉ',
  'Mũi số',
  'Ngày tiêm',
  'Tên vắc xin',
  'Số lô',
  'Mã cơ sở tiêm',
];

type Row = (string | number | null)[];
const row = (cells: Partial<Record<(typeof HEADERS)[number], string | number>>): Row =>
  HEADERS.map((h) => cells[h as keyof typeof cells] ?? null);

/**
 * A legacy export with the usual faults, every outcome once or more (data rows 1–19; file row = n + 1):
 * imported 1, 2, 4, 5, 14, 16 · skipped 3 (dose already recorded), 13 (row 1 again) · review 6
 * (two confirmed candidates), 7 (name and birth date only), 8 (dose 1 recorded with another day) ·
 * failed 9 (31/02), 10 (no name), 11 (unknown vaccine), 12 (CCCD says 1990, born 1991), 15 (new person
 * without sex), 18 (before the campaign), 19 (dose 11) · 17 is blank (not counted).
 */
export function faultyRows(): Row[] {
  const hanoi = { 'Tỉnh/Thành phố': 'Hà Nội', 'Xã/Phường': 'Phường Trúc Bạch', 'Quận/Huyện': 'Quận Ba Đình' };
  return [
    HEADERS,
    row({
      'Họ và tên': 'nguyễn văn  an',
      'Ngày sinh': '15/03/1985',
      'Giới tính': 'Nam',
      'Số CCCD/CMND': '001085123456',
      ...hanoi,
      'Mũi số': 1,
      'Ngày tiêm': '10/08/2021',
      'Tên vắc xin': 'Astra Zeneca',
      'Số lô': 'ab 123',
    }),
    row({
      'Họ và tên': 'Nguyễn Văn An',
      'Ngày sinh': '1985-03-15',
      'Số CCCD/CMND': '001 085 123 456',
      'Mũi số': '2',
      'Ngày tiêm': '5/11/21',
      'Tên vắc xin': 'AZ',
    }),
    row({
      'Họ và tên': 'Hoàng Thị Mai',
      'Ngày sinh': '07/07/1970',
      'Số CCCD/CMND': '001170000111',
      'Mũi số': 1,
      'Ngày tiêm': '01/08/2021',
      'Tên vắc xin': 'Pfizer',
    }),
    row({
      'Họ và tên': 'Hoàng Thị Mai',
      'Ngày sinh': '07/07/1970',
      'Số CCCD/CMND': '001170000111',
      'Mũi số': 2,
      'Ngày tiêm': '22/08/2021',
      'Tên vắc xin': 'Phizer',
    }),
    row({
      'Họ và tên': 'Trần Thị Bình',
      'Ngày sinh': '05/05/1990',
      'Giới tính': 'Nữ',
      'Số điện thoại': '0912 345 678',
      'Mũi số': 1,
      'Ngày tiêm': '20/09/2021',
      'Tên vắc xin': 'Moderna',
    }),
    row({
      'Họ và tên': 'Lê Văn Cường',
      'Ngày sinh': '01/01/1975',
      'Giới tính': 'Nam',
      ...hanoi,
      'Mũi số': 1,
      'Ngày tiêm': '01/10/2021',
      'Tên vắc xin': 'Vero Cell',
    }),
    row({
      'Họ và tên': 'Phạm Thị Dung',
      'Ngày sinh': '02/02/1982',
      'Giới tính': 'Nữ',
      ...hanoi,
      'Mũi số': 1,
      'Ngày tiêm': '02/10/2021',
      'Tên vắc xin': 'Pfizer',
    }),
    row({
      'Họ và tên': 'Hoàng Thị Mai',
      'Ngày sinh': '07/07/1970',
      'Số CCCD/CMND': '001170000111',
      'Mũi số': 1,
      'Ngày tiêm': '03/08/2021',
      'Tên vắc xin': 'Pfizer',
    }),
    row({
      'Họ và tên': 'Đỗ Văn Em',
      'Ngày sinh': '31/02/1990',
      'Giới tính': 'Nam',
      'Mũi số': 1,
      'Ngày tiêm': '01/09/2021',
      'Tên vắc xin': 'Pfizer',
    }),
    row({
      'Ngày sinh': '01/01/1990',
      'Giới tính': 'Nam',
      'Mũi số': 1,
      'Ngày tiêm': '01/09/2021',
      'Tên vắc xin': 'Pfizer',
    }),
    row({
      'Họ và tên': 'Vũ Thị Giang',
      'Ngày sinh': '01/06/1995',
      'Giới tính': 'Nữ',
      'Mũi số': 1,
      'Ngày tiêm': '01/09/2021',
      'Tên vắc xin': 'Xyzvax',
    }),
    row({
      'Họ và tên': 'Bùi Văn Hải',
      'Ngày sinh': '01/01/1991',
      'Giới tính': 'Nam',
      'Số CCCD/CMND': '001090999999',
      'Mũi số': 1,
      'Ngày tiêm': '01/09/2021',
      'Tên vắc xin': 'Pfizer',
    }),
    row({
      'Họ và tên': 'nguyễn văn  an',
      'Ngày sinh': '15/03/1985',
      'Giới tính': 'Nam',
      'Số CCCD/CMND': '001085123456',
      ...hanoi,
      'Mũi số': 1,
      'Ngày tiêm': '10/08/2021',
      'Tên vắc xin': 'Astra Zeneca',
      'Số lô': 'ab 123',
    }),
    row({
      'Họ và tên': 'Đặng Văn Khoa',
      'Ngày sinh': '09/09/1960',
      'Giới tính': 'nam',
      'Xã/Phường': 'Phường Ngọc Hà',
      'Tỉnh/Thành phố': 'Hà Nội',
      'Mũi số': 1,
      'Ngày tiêm': '15/07/2021',
      'Tên vắc xin': 'Astrazenica',
    }),
    row({
      'Họ và tên': 'Ngô Thị Lan',
      'Ngày sinh': '03/03/1988',
      'Mũi số': 1,
      'Ngày tiêm': '15/07/2021',
      'Tên vắc xin': 'Pfizer',
    }),
    row({
      'Mã dòng': 'R-16',
      'Họ và tên': 'Lý Văn Minh',
      'Ngày sinh': '04/04/2000',
      'Giới tính': 'M',
      'Số điện thoại': '01689123456',
      'Mũi số': 1,
      'Ngày tiêm': '16/07/2021',
      'Tên vắc xin': 'Sinopharm',
    }),
    HEADERS.map(() => null),
    row({
      'Họ và tên': 'Trịnh Văn Nam',
      'Ngày sinh': '01/01/1980',
      'Giới tính': 'Nam',
      'Mũi số': 1,
      'Ngày tiêm': '01/12/2020',
      'Tên vắc xin': 'Pfizer',
    }),
    row({
      'Họ và tên': 'Trịnh Văn Oanh',
      'Ngày sinh': '01/01/1981',
      'Giới tính': 'Nam',
      'Mũi số': 11,
      'Ngày tiêm': '01/12/2021',
      'Tên vắc xin': 'Pfizer',
    }),
  ];
}

export const FAULTY_COUNTS = { read: 18, imported: 6, skipped: 2, failed: 7, review: 3, personsCreated: 3 };

/** The registry the faulty file meets: a site in Phường Ba Đình and the persons it refers to. */
export async function seedRegistry(db: Kysely<DB>, code = 'IMP-SITE') {
  const facility = await db
    .insertInto('facility')
    .values({ code, name: `Điểm tiêm ${code}`, kind: 'vaccination_site', unit_id: '2025-00004' })
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
  const person = (
    p: { full_name: string; name_key: string; birth_date: string; sex: 'male' | 'female' } & Record<
      string,
      string
    >,
  ) => db.insertInto('person').values(p).returning('id').executeTakeFirstOrThrow();
  const mai = await person({
    full_name: 'Hoàng Thị Mai',
    name_key: 'hoang thi mai',
    birth_date: '1970-07-07',
    sex: 'female',
    cccd: '001170000111',
  });
  await db
    .insertInto('dose')
    .values({
      id: '00000000-0000-4000-8000-0000000000a1',
      person_id: mai.id,
      vaccine_code: 'PFIZER',
      dose_number: 1,
      given_at: new Date('2021-08-01T03:00:00Z'),
      given_on: '2021-08-01',
      facility_id: facility.id,
      source: 'site',
      request_hash: 'seed',
    })
    .execute();
  await person({
    full_name: 'Trần Thị Bình',
    name_key: 'tran thi binh',
    birth_date: '1990-05-05',
    sex: 'female',
    phone: '0912345678',
    unit_id: '2025-00004',
  });
  await person({
    full_name: 'Lê Văn Cường',
    name_key: 'le van cuong',
    birth_date: '1975-01-01',
    sex: 'male',
    unit_id: '2025-00004',
  });
  await person({
    full_name: 'Lê Văn Cường',
    name_key: 'le van cuong',
    birth_date: '1975-01-01',
    sex: 'male',
    unit_id: '2025-00004',
    phone: '0987000111',
  });
  await person({
    full_name: 'Phạm Thị Dung',
    name_key: 'pham thi dung',
    birth_date: '1982-02-02',
    sex: 'female',
    unit_id: '2025-00008',
  });
  return facility;
}
