import { beforeAll, describe, expect, it } from 'vitest';
import { HEADERS } from '../../../../test/fixtures/imports/faulty-file.ts';
import { testApi } from '../../../../test/helpers/api.ts';
import { type Session, staffSession } from '../../../../test/helpers/auth.ts';
import { csvText, uploadCsvAs } from '../../../../test/helpers/imports.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { searchKey } from '../../../shared/rules/vietnamese-text.ts';
import type { ReviewResolution } from '../../../shared/schemas/imports.ts';
import { DEFAULT_IMPORT_OPTIONS, runNextJob } from './runner/job-runner.ts';
import { runnerName } from './runner/runner-name.ts';

/**
 * Issue 12: a dose whose earlier doses are nowhere on record, and a person who is likely already on
 * record under another spelling, go to the review queue instead of being written silently.
 */

type Cells = Partial<Record<(typeof HEADERS)[number], string | number>>;
const line = (cells: Cells) => HEADERS.map((h) => cells[h as keyof Cells] ?? null);

const dose = (
  name: string,
  birth: string,
  number: number,
  givenOn: string,
  extra: Cells = {},
  vaccine = 'Pfizer',
): Cells => ({
  'Họ và tên': name,
  'Ngày sinh': birth,
  'Mũi số': number,
  'Ngày tiêm': givenOn,
  'Tên vắc xin': vaccine,
  ...extra,
});

describe.each(TEST_ENGINES)('import consistency checks (%s)', (engine) => {
  const ctx = useTestApp(engine);
  let site: Session;
  let facilityCode: string;
  const runner = runnerName('server');
  /** Runs every queued job with small batches: rows of one person land in different batches. */
  const runAll = async (batchSize = 2) => {
    while (
      await runNextJob(ctx.app.db, runner, { localFiles: false }, { ...DEFAULT_IMPORT_OPTIONS, batchSize })
    ) {}
  };
  const importRows = async (rows: Cells[], options: { dryRun?: boolean; batchSize?: number } = {}) => {
    const api = testApi(ctx.app, site);
    const res = await uploadCsvAs(
      api,
      { facility: facilityCode, filename: 'legacy.csv', ...(options.dryRun ? { dryRun: 'true' } : {}) },
      csvText([HEADERS, ...rows.map(line)]),
    );
    expect(res.status, JSON.stringify(res.problem)).toBe(202);
    await runAll(options.batchSize);
    return api.imports.job({ params: { id: res.body!.id } });
  };
  const reviewOf = async (jobId: string) =>
    (await testApi(ctx.app, site).imports.review({ query: { jobId, pageSize: 100 } })).items;
  const personsNamed = (nameKey: string) =>
    ctx.app.db.selectFrom('person').select(['id', 'full_name']).where('name_key', '=', nameKey).execute();
  const dosesOf = (personId: string) =>
    ctx.app.db
      .selectFrom('dose')
      .select(['dose_number', 'given_on'])
      .where('person_id', '=', personId)
      .orderBy('dose_number')
      .execute();

  beforeAll(async () => {
    const db = ctx.app.db;
    const facility = await db
      .insertInto('facility')
      .values({ code: 'CONS-SITE', name: 'Điểm tiêm CONS', kind: 'vaccination_site', unit_id: '2025-00004' })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow();
    facilityCode = facility.code;
    site = await staffSession(ctx.app, db, 'cons.site', 'site_staff', { facility: facility.id });
    const person = (p: Record<string, string>) =>
      db
        .insertInto('person')
        .values(p as never)
        .returning('id')
        .executeTakeFirstOrThrow();
    // In the site's commune: on record without doses; a namesake with a CCCD; a person without CCCD.
    await person({
      full_name: 'Phan Văn Tâm',
      name_key: 'phan van tam',
      birth_date: '1966-06-06',
      sex: 'male',
      cccd: '001066000606',
      unit_id: '2025-00004',
    });
    await person({
      full_name: 'Trương Văn Cảnh',
      name_key: 'truong van canh',
      birth_date: '1977-07-07',
      sex: 'male',
      cccd: '001077000707',
      unit_id: '2025-00004',
    });
    await person({
      full_name: 'Nguyễn Văn Bình',
      name_key: 'nguyen van binh',
      birth_date: '1980-02-02',
      sex: 'male',
      unit_id: '2025-00004',
    });
    // Outside the site's reach (another commune).
    await person({
      full_name: 'Đinh Thị Hạnh',
      name_key: 'dinh thi hanh',
      birth_date: '1984-04-04',
      sex: 'female',
      phone: '0912444444',
      unit_id: '2025-00008',
    });
  });

  it('sends a dose whose earlier doses are nowhere on record to review; a dose 1 later in the file clears it', async () => {
    const yen = { 'Số CCCD/CMND': '001193000303', 'Giới tính': 'Nữ' };
    const tu = { 'Số CCCD/CMND': '001094000404', 'Giới tính': 'Nam' };
    const son = { 'Số CCCD/CMND': '001095000505', 'Giới tính': 'Nam' };
    // Batches of two rows: | Tâm 2, Nga 3 | Yến 2, Yến 1 | Tú 2, Sơn 1 | Sơn 2, Tú 1 |
    const rows = [
      // On record without doses: dose 2 → review.
      dose('Phan Văn Tâm', '06/06/1966', 2, '01/09/2021', { 'Số CCCD/CMND': '001066000606' }),
      // A new person with dose 3 only: review (nothing of the series anywhere), and not created.
      dose('Kha Thị Nga', '08/08/1988', 3, '01/12/2021', {
        'Số CCCD/CMND': '001188000808',
        'Giới tính': 'Nữ',
      }),
      // A new person, dose 2 before dose 1 in the same batch: both imported.
      dose('Lâm Thị Yến', '03/03/1993', 2, '05/10/2021', yen),
      dose('Lâm Thị Yến', '03/03/1993', 1, '10/09/2021', yen),
      // A new person, dose 2 in the third batch and dose 1 in the fourth: both imported in the end.
      dose('Mạc Văn Tú', '04/04/1994', 2, '06/10/2021', tu),
      dose('Hồ Văn Sơn', '05/05/1995', 1, '07/10/2021', son),
      dose('Hồ Văn Sơn', '05/05/1995', 2, '07/11/2021', son),
      dose('Mạc Văn Tú', '04/04/1994', 1, '06/09/2021', tu),
    ];
    const dry = await importRows(rows, { dryRun: true });
    const expected = { read: 8, imported: 6, skipped: 0, failed: 0, review: 2, personsCreated: 3 };
    expect(dry).toMatchObject({ state: 'done', counts: expected });
    const job = await importRows(rows);
    expect(job).toMatchObject({ state: 'done', counts: expected, reviewPending: 2 });
    const items = await reviewOf(job.id);
    expect(items.map((i) => [i.rowNumber, i.reason])).toEqual([
      [2, 'missing_earlier_dose'],
      [3, 'missing_earlier_dose'],
    ]);
    const [tam] = await personsNamed('phan van tam');
    expect(items[0].candidates.map((c) => c.personId)).toEqual([tam.id]);
    expect(await dosesOf(tam.id)).toEqual([]);
    for (const key of ['lam thi yen', 'mac van tu', 'ho van son']) {
      const found = await personsNamed(key);
      expect(found, key).toHaveLength(1);
      expect(
        (await dosesOf(found[0].id)).map((d) => d.dose_number),
        key,
      ).toEqual([1, 2]);
    }
    expect(await personsNamed('kha thi nga')).toEqual([]);

    // The reviewer accepts one (the dose is written) and rejects the other.
    const resolve = (id: string, body: ReviewResolution) =>
      testApi(ctx.app, site).imports.resolveReview.raw({ params: { id }, body });
    const accepted = await resolve(items[0].id, { action: 'match', personId: tam.id });
    expect(accepted.status, JSON.stringify(accepted.problem)).toBe(200);
    expect((await dosesOf(tam.id)).map((d) => d.dose_number)).toEqual([2]);
    expect((await resolve(items[1].id, { action: 'reject' })).body).toMatchObject({ state: 'rejected' });

    // A retry never duplicates: every row is skipped (already a dose or a review item).
    const again = await importRows(rows, { batchSize: 3 });
    expect(again.counts).toEqual({
      read: 8,
      imported: 0,
      skipped: 8,
      failed: 0,
      review: 0,
      personsCreated: 0,
    });
  });

  it('imports a dose 3 of a person whose doses 1 and 2 are on record', async () => {
    const job = await importRows([
      dose('Hồ Văn Sơn', '05/05/1995', 3, '07/02/2022', { 'Số CCCD/CMND': '001095000505' }),
    ]);
    expect(job.counts).toMatchObject({ imported: 1, review: 0 });
  });

  it('a person with nothing but name and birth date: the same outcome in one batch or two, no candidate never written', async () => {
    const outcome = async (tag: string, batchSize: number) => {
      const name = `Võ Thị Ánh ${tag}`;
      const job = await importRows(
        [
          dose(name, '09/09/1999', 2, '01/11/2021', { 'Giới tính': 'Nữ' }),
          dose(name, '09/09/1999', 1, '01/10/2021', { 'Giới tính': 'Nữ' }),
        ],
        { batchSize },
      );
      const items = await reviewOf(job.id);
      const persons = await ctx.app.db
        .selectFrom('person')
        .select('id')
        .where('name_key', '=', searchKey(name))
        .execute();
      return {
        counts: job.counts,
        persons: persons.length,
        items: items.map((i) => ({
          row: i.rowNumber,
          reason: i.reason,
          candidates: i.candidates.map((c) =>
            c.personId === persons[0]?.id ? 'the new person' : c.personId,
          ),
          outsideReach: i.outsideReach,
        })),
      };
    };
    // The dose 1 row creates the person; the dose 2 row, which nothing ties to that person but the name
    // and birth date, waits as a likely duplicate of them.
    const expected = {
      counts: { read: 2, imported: 1, skipped: 0, failed: 0, review: 1, personsCreated: 1 },
      persons: 1,
      items: [{ row: 2, reason: 'likely_duplicate', candidates: ['the new person'], outsideReach: 0 }],
    };
    expect(await outcome('Một', 10)).toEqual(expected);
    expect(await outcome('Hai', 1)).toEqual(expected);
  });

  it('sends a likely duplicate (same name without diacritics, same birth date) to review instead of creating a person', async () => {
    const job = await importRows([
      dose('Nguyen Van Binh', '02/02/1980', 1, '01/09/2021', { 'Giới tính': 'Nam' }),
      // Same name and birth date but another CCCD: someone else, created.
      dose('Truong Van Canh', '07/07/1977', 1, '02/09/2021', { 'Số CCCD/CMND': '001077999999' }),
      // The likely duplicate lives outside the site's reach: review, nothing of that person shown.
      dose('Dinh Thi Hanh', '04/04/1984', 1, '03/09/2021', { 'Giới tính': 'Nữ' }),
    ]);
    expect(job.counts).toMatchObject({ read: 3, imported: 1, review: 2, personsCreated: 1 });
    const items = await reviewOf(job.id);
    expect(items.map((i) => [i.rowNumber, i.reason])).toEqual([
      [2, 'likely_duplicate'],
      [4, 'likely_duplicate'],
    ]);
    const [binh] = await personsNamed('nguyen van binh');
    expect(await personsNamed('nguyen van binh')).toHaveLength(1);
    expect(items[0].candidates).toMatchObject([{ personId: binh.id, fullName: 'Nguyễn Văn Bình' }]);
    expect(await personsNamed('truong van canh')).toHaveLength(2);
    const [hanh] = await personsNamed('dinh thi hanh');
    expect(items[1]).toMatchObject({ candidates: [], outsideReach: 1 });
    expect(JSON.stringify(items[1])).not.toContain(hanh.id);
    expect(JSON.stringify(items[1])).not.toMatch(/Đinh Thị Hạnh|0912444444|"444"/);
  });
});
