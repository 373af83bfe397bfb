import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAULTY_COUNTS,
  faultyRows,
  HEADERS,
  seedRegistry,
} from '../../../../test/fixtures/imports/faulty-file.ts';
import {
  countsOf,
  csvText,
  doseChecksum,
  importLocalFile,
  tempFile,
} from '../../../../test/helpers/imports.ts';
import { createTestDatabase, TEST_ENGINES } from '../../../../test/helpers/test-app.ts';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';

async function tableCounts(db: Kysely<DB>) {
  const count = async (table: 'person' | 'dose' | 'person_facility' | 'import_review') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    person: await count('person'),
    dose: await count('dose'),
    links: await count('person_facility'),
    review: await count('import_review'),
  };
}

describe.each(TEST_ENGINES)('legacy import (%s)', (engine) => {
  let database: Database;
  let db: Kysely<DB>;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = database.db;
    await seedRegistry(db);
  });
  afterAll(() => database?.close());

  it('a dry run reports what would happen and writes nothing', async () => {
    const before = { ...(await tableCounts(db)), doses: await doseChecksum(db) };
    const file = tempFile('faulty.csv', csvText(faultyRows()));
    const job = await importLocalFile(db, file, 'IMP-SITE', { dryRun: true });
    expect(job.state).toBe('done');
    expect(countsOf(job)).toEqual(FAULTY_COUNTS);
    expect({ ...(await tableCounts(db)), doses: await doseChecksum(db) }).toEqual(before);
  });

  it('imports a faulty legacy CSV with exact counts, errors naming row and column', async () => {
    const file = tempFile('faulty.csv', csvText(faultyRows()));
    const job = await importLocalFile(db, file, 'IMP-SITE');
    expect(job.state).toBe('done');
    expect(countsOf(job)).toEqual(FAULTY_COUNTS);
    expect(job.total_rows).toBe(18);
    expect(job.encoding).toBe('unicode');
    const issues = await db
      .selectFrom('import_row_issue')
      .select(['row_number', 'column_name', 'field', 'code'])
      .where('job_id', '=', job.id)
      .orderBy('row_number')
      .orderBy('seq')
      .execute();
    expect(issues).toEqual([
      { row_number: 10, column_name: 'Ngày sinh', field: 'birthDate', code: 'date.invalid' },
      { row_number: 11, column_name: 'Họ và tên', field: 'fullName', code: 'field.required' },
      { row_number: 12, column_name: 'Tên vắc xin', field: 'vaccine', code: 'import.vaccine_unknown' },
      { row_number: 13, column_name: 'Số CCCD/CMND', field: 'idNumber', code: 'cccd.birth_year' },
      { row_number: 16, column_name: 'Giới tính', field: 'sex', code: 'import.sex_required' },
      { row_number: 19, column_name: 'Ngày tiêm', field: 'givenOn', code: 'import.date_before_campaign' },
      { row_number: 20, column_name: 'Mũi số', field: 'doseNumber', code: 'import.dose_number' },
    ]);
    const reviews = await db
      .selectFrom('import_review')
      .select(['row_number', 'reason'])
      .where('job_id', '=', job.id)
      .orderBy('row_number')
      .execute();
    expect(reviews).toEqual([
      { row_number: 7, reason: 'identity_ambiguous' },
      { row_number: 8, reason: 'likely_duplicate' },
      { row_number: 9, reason: 'conflicting_dose' },
    ]);
    // The new person of rows 1–2: NFC title case, the old commune mapped to 2025, both doses, lot kept.
    const an = await db
      .selectFrom('person')
      .selectAll()
      .where('cccd', '=', '001085123456')
      .executeTakeFirstOrThrow();
    expect(an).toMatchObject({
      full_name: 'Nguyễn Văn An',
      birth_date: '1985-03-15',
      sex: 'male',
      unit_id: '2025-00004',
      is_demo: false,
    });
    expect(an.address_line).toBe('Phường Trúc Bạch, Quận Ba Đình, Hà Nội');
    const doses = await db
      .selectFrom('dose')
      .selectAll()
      .where('person_id', '=', an.id)
      .orderBy('dose_number')
      .execute();
    expect(
      doses.map((d) => [d.dose_number, d.given_on, d.vaccine_code, d.lot_number, d.source, d.import_job_id]),
    ).toEqual([
      [1, '2021-08-10', 'AZ', 'AB123', 'import', job.id],
      [2, '2021-11-05', 'AZ', null, 'import', job.id],
    ]);
    // The old 11-digit phone converted; the matched person of row 5 got the dose; links to the site.
    expect(
      await db.selectFrom('person').select('phone').where('name_key', '=', 'ly van minh').executeTakeFirst(),
    ).toEqual({ phone: '0389123456' });
    const binh = await db.selectFrom('person').select('id').where('name_key', '=', 'tran thi binh').execute();
    expect(binh).toHaveLength(1);
    expect(
      await db.selectFrom('dose').select('vaccine_code').where('person_id', '=', binh[0].id).execute(),
    ).toEqual([{ vaccine_code: 'MODERNA' }]);
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('record_id', '=', job.id)
      .execute();
    expect(audit).toEqual([
      { action: 'import.run', details: expect.objectContaining({ imported: 6, failed: 7 }) },
    ]);
  });

  it('importing the same file again changes nothing', async () => {
    const before = { ...(await tableCounts(db)), doses: await doseChecksum(db) };
    const file = tempFile('faulty-again.csv', csvText(faultyRows(), ';'));
    const job = await importLocalFile(db, file, 'IMP-SITE');
    expect(countsOf(job)).toEqual({
      read: 18,
      imported: 0,
      skipped: 11,
      failed: 7,
      review: 0,
      personsCreated: 0,
    });
    expect({ ...(await tableCounts(db)), doses: await doseChecksum(db) }).toEqual(before);
  });

  it('reads the same rows from an XLSX file (numbers, dates and text cells): nothing new', async () => {
    const before = await doseChecksum(db);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    for (const [i, cells] of faultyRows().entries()) {
      // Dates as Excel dates and CCCDs as numbers (losing their leading zero), as spreadsheets hold them.
      const typed = cells.map((cell, c) => {
        if (i === 0 || cell === null) return cell;
        if (
          (HEADERS[c] === 'Ngày tiêm' || HEADERS[c] === 'Ngày sinh') &&
          /^\d\d\/\d\d\/\d{4}$/.test(String(cell))
        ) {
          const [d, m, y] = String(cell).split('/').map(Number);
          const date = new Date(Date.UTC(y, m - 1, d));
          // 31/02 stays text: a date cell cannot hold it.
          return date.getUTCDate() === d ? date : cell;
        }
        if (HEADERS[c] === 'Số CCCD/CMND' && /^\d{12}$/.test(String(cell))) return Number(cell);
        return cell;
      });
      sheet.addRow(typed);
    }
    const file = tempFile('faulty.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    const job = await importLocalFile(db, file, 'IMP-SITE');
    expect(job.state).toBe('done');
    expect(countsOf(job)).toEqual({
      read: 18,
      imported: 0,
      skipped: 11,
      failed: 7,
      review: 0,
      personsCreated: 0,
    });
    expect(await doseChecksum(db)).toEqual(before);
  });
});
