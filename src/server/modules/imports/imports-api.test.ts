import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAULTY_COUNTS, faultyRows, seedRegistry } from '../../../../test/fixtures/imports/faulty-file.ts';
import { testApi } from '../../../../test/helpers/api.ts';
import { citizenSession, type Session, smsFile, staffSession } from '../../../../test/helpers/auth.ts';
import { csvText, uploadCsvAs } from '../../../../test/helpers/imports.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import type { ImportMapping, ReviewResolution } from '../../../shared/schemas/imports.ts';
import { DEFAULT_IMPORT_OPTIONS, runNextJob } from './runner/job-runner.ts';
import { runnerName } from './runner/runner-name.ts';

async function readXlsx(bytes: Uint8Array | undefined) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes ?? []) as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: sheet.name, rows };
  });
}

describe.each(TEST_ENGINES)('import API (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender });
  let site: Session;
  let otherSite: Session;
  let facilityCode: string;
  let facilityId: string;
  const runner = runnerName('server');
  const runAll = async () => {
    while (await runNextJob(ctx.app.db, runner, { localFiles: false })) {}
  };
  const upload = (session: Session, text: string, query: Parameters<typeof uploadCsvAs>[1], key?: string) =>
    uploadCsvAs(testApi(ctx.app, session), query, text, key);
  const jobOf = (id: string) => testApi(ctx.app, site).imports.job({ params: { id } });

  beforeAll(async () => {
    const db = ctx.app.db;
    const facility = await seedRegistry(db, 'API-SITE');
    facilityCode = facility.code;
    facilityId = facility.id;
    const other = await db
      .insertInto('facility')
      .values({ code: 'OTHER-SITE', name: 'Other site', kind: 'vaccination_site', unit_id: '2025-00008' })
      .returning('id')
      .executeTakeFirstOrThrow();
    site = await staffSession(ctx.app, db, 'import.site', 'site_staff', { facility: facility.id });
    otherSite = await staffSession(ctx.app, db, 'import.other', 'site_staff', { facility: other.id });
  });

  it('serves the template: headers, a sample row and a notes sheet', async () => {
    const res = await testApi(ctx.app, site).imports.template.raw({ query: { lang: 'vi' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const [template, notes] = await readXlsx(res.body?.bytes);
    expect(template.rows[0]).toContain('Họ và tên');
    expect(template.rows[0]).toHaveLength(15);
    expect(template.rows).toHaveLength(2);
    expect(notes.rows.length).toBeGreaterThan(15);
  });

  it('uploads a file as a job (idempotent), runs it, and reports errors per row and column', async () => {
    const key = randomUUID();
    const text = csvText(faultyRows());
    // A dry run first: it writes nothing, so the rows it would send to review all still wait.
    const dry = await upload(site, text, { facility: facilityCode, filename: 'legacy.csv', dryRun: 'true' });
    await runAll();
    const dryJob = await jobOf(dry.body!.id);
    expect(dryJob).toMatchObject({ state: 'done', dryRun: true, reviewPending: FAULTY_COUNTS.review });
    expect(dryJob.counts.review).toBe(FAULTY_COUNTS.review);
    const created = await upload(site, text, { facility: facilityCode, filename: 'legacy.csv' }, key);
    expect(created.status, JSON.stringify(created.problem)).toBe(202);
    expect(created.body).toMatchObject({
      state: 'queued',
      filename: 'legacy.csv',
      facilityCode,
      dryRun: false,
    });
    const again = await upload(site, text, { facility: facilityCode, filename: 'legacy.csv' }, key);
    expect(again.status).toBe(200);
    expect(again.body?.id).toBe(created.body?.id);
    await runAll();
    const id = created.body!.id;
    const api = testApi(ctx.app, site);
    const job = await jobOf(id);
    expect(job).toMatchObject({ state: 'done', totalRows: 18, encoding: 'unicode', counts: FAULTY_COUNTS });
    expect(job.reviewPending).toBe(FAULTY_COUNTS.review);
    expect(job.bytesRead).toBe(job.sizeBytes);
    const list = await api.imports.jobs();
    expect(list.items.map((j) => j.id)).toContain(id);

    const errors = await api.imports.rowErrors({ params: { id }, query: { pageSize: 3 } });
    expect(errors.total).toBe(7);
    expect(errors.items[0]).toMatchObject({
      rowNumber: 10,
      column: 'Ngày sinh',
      field: 'birthDate',
      code: 'date.invalid',
    });
    expect(errors.items[0].message.vi).toContain('31/02/1990');

    const report = await api.imports.report.raw({ params: { id } });
    expect(report.status).toBe(200);
    const [failed, all] = await readXlsx(report.body?.bytes);
    expect(failed.rows[0].at(-1)).toBe('Lỗi / Error');
    expect(failed.rows).toHaveLength(8);
    expect(failed.rows[1][1]).toBe('Đỗ Văn Em');
    expect(String(failed.rows[1].at(-1))).toMatch(/^Ngày sinh: .+ \/ The date 31\/02\/1990 does not exist$/);
    expect(all.rows).toHaveLength(8);
  });

  it('waits for a mapping when the headers are unknown, then saves and reuses it', async () => {
    const rows = [
      ['STT', 'Ten nguoi tiem', 'NS', 'Phai', 'Vacxin', 'Ngay', 'Lan'],
      ['1', 'Nguyễn Thị Hoa', '12/12/1992', 'Nữ', 'Pfizer', '01/09/2021', '1'],
    ];
    const created = await upload(site, csvText(rows), { facility: facilityCode, filename: 'other.csv' });
    await runAll();
    const id = created.body!.id;
    const api = testApi(ctx.app, site);
    const waiting = await jobOf(id);
    expect(waiting.state).toBe('needs_mapping');
    expect(waiting.headers).toEqual(rows[0]);
    expect(waiting.missingFields).toEqual(expect.arrayContaining(['fullName', 'birthDate']));
    const mapping: ImportMapping = {
      STT: 'sourceRowId',
      'Ten nguoi tiem': 'fullName',
      NS: 'birthDate',
      Phai: 'sex',
      Vacxin: 'vaccine',
      Ngay: 'givenOn',
      Lan: 'doseNumber',
    };
    const bad = await api.imports.setMapping.raw({
      params: { id },
      body: { mapping: { ...mapping, Ngay: null } },
    });
    expect(bad.status).toBe(400);
    expect(bad.problem?.errors?.[0]?.code).toBe('import.mapping_missing');
    const put = await api.imports.setMapping.raw({
      params: { id },
      body: { mapping, saveAs: 'Phần mềm cũ' },
    });
    expect(put.status, JSON.stringify(put.problem)).toBe(200);
    expect(put.body?.state).toBe('queued');
    await runAll();
    const done = await jobOf(id);
    expect(done).toMatchObject({ state: 'done', mappingName: 'Phần mềm cũ', counts: { imported: 1 } });
    const saved = await api.imports.mappings({ query: { facility: facilityCode } });
    expect(saved.items).toEqual([expect.objectContaining({ name: 'Phần mềm cũ', mapping })]);
    // A later file with the same headers uses the saved mapping by itself; another one names it.
    const next = [rows[0], ['2', 'Trần Văn Phúc', '01/01/1993', 'Nam', 'Moderna', '02/09/2021', '1']];
    const auto = await upload(site, csvText(next), { facility: facilityCode, filename: 'next.csv' });
    const named = await upload(site, csvText(next), {
      facility: facilityCode,
      filename: 'next.csv',
      mapping: 'Phần mềm cũ',
    });
    await runAll();
    for (const res of [auto, named]) {
      const job = await jobOf(res.body!.id);
      expect(job).toMatchObject({ state: 'done', mappingName: 'Phần mềm cũ' });
    }
  });

  it('lists review items and resolves them: match, create, reject', async () => {
    const page = await testApi(ctx.app, site).imports.review();
    const byReason = Object.fromEntries(page.items.map((i) => [i.reason, i]));
    expect(Object.keys(byReason).sort()).toEqual([
      'conflicting_dose',
      'identity_ambiguous',
      'likely_duplicate',
    ]);
    const ambiguous = byReason.identity_ambiguous;
    expect(ambiguous.row).toMatchObject({
      fullName: 'Lê Văn Cường',
      birthDate: '1975-01-01',
      vaccineCode: 'VEROCELL',
    });
    expect(ambiguous.candidates).toHaveLength(2);
    // Persons of the site's commune are shown in full; the weak candidate lives elsewhere: not shown at
    // all, only counted (the reviewer is told to ask the commune).
    expect(ambiguous.candidates[0].fullName).toBe('Lê Văn Cường');
    expect(ambiguous.outsideReach).toBe(0);
    expect(byReason.likely_duplicate.candidates).toEqual([]);
    expect(byReason.likely_duplicate.outsideReach).toBe(1);
    const dung = await ctx.app.db
      .selectFrom('person')
      .select(['id', 'unit_id'])
      .where('name_key', '=', 'pham thi dung')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(byReason.likely_duplicate)).not.toContain(dung.id);
    expect(JSON.stringify(byReason.likely_duplicate)).not.toMatch(/P\. T\. D\.|Phường Ngọc Hà/);
    expect(byReason.conflicting_dose.candidates[0].existingDose).toEqual({
      doseNumber: 1,
      givenOn: '2021-08-01',
      vaccineCode: 'PFIZER',
    });

    // The job counts the rows it sent to review, and how many still wait for a decision.
    const reviewedJob = () => jobOf(ambiguous.jobId);
    expect(await reviewedJob()).toMatchObject({ counts: { review: 3 }, reviewPending: 3 });

    const resolve = (id: string, body: ReviewResolution, session = site) =>
      testApi(ctx.app, session).imports.resolveReview.raw({ params: { id }, body });
    expect((await resolve(ambiguous.id, { action: 'match', personId: randomUUID() })).status).toBe(400);
    const matched = await resolve(ambiguous.id, {
      action: 'match',
      personId: ambiguous.candidates[1].personId,
    });
    expect(matched.status, JSON.stringify(matched.problem)).toBe(200);
    expect(matched.body).toMatchObject({
      state: 'resolved',
      resolution: 'matched',
      personId: ambiguous.candidates[1].personId,
    });
    const dose = await ctx.app.db
      .selectFrom('dose')
      .selectAll()
      .where('id', '=', matched.body?.doseId ?? '')
      .executeTakeFirstOrThrow();
    expect(dose).toMatchObject({
      person_id: ambiguous.candidates[1].personId,
      vaccine_code: 'VEROCELL',
      source: 'import',
      given_on: '2021-10-01',
    });
    expect((await resolve(ambiguous.id, { action: 'reject' })).status).toBe(409);

    const created = await resolve(byReason.likely_duplicate.id, { action: 'create' });
    expect(created.body).toMatchObject({ resolution: 'created' });
    const person = await ctx.app.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', created.body?.personId ?? '')
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ full_name: 'Phạm Thị Dung', unit_id: '2025-00004' });

    const conflict = await resolve(byReason.conflicting_dose.id, {
      action: 'match',
      personId: byReason.conflicting_dose.candidates[0].personId,
    });
    expect(conflict.status).toBe(409);
    expect((await resolve(byReason.conflicting_dose.id, { action: 'reject' })).body).toMatchObject({
      state: 'rejected',
    });
    expect(await reviewedJob()).toMatchObject({ counts: { review: 3 }, reviewPending: 0 });
    const audit = await ctx.app.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'import.review_%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'import.review_created',
      'import.review_matched',
      'import.review_read',
      'import.review_rejected',
    ]);
  });

  it('keeps jobs, reports and review items to the staff in reach (404 elsewhere, 403 without the permission)', async () => {
    const jobs = await testApi(ctx.app, site).imports.jobs();
    const id = jobs.items[0].id;
    const other = testApi(ctx.app, otherSite);
    for (const [name, answer] of [
      ['job', await other.imports.job.raw({ params: { id } })],
      ['rowErrors', await other.imports.rowErrors.raw({ params: { id } })],
      ['report', await other.imports.report.raw({ params: { id } })],
    ] as const)
      expect(answer.status, name).toBe(404);
    expect((await other.imports.jobs()).total).toBe(0);
    expect((await upload(otherSite, 'a,b\n', { facility: facilityCode })).status).toBe(404);
    expect((await other.imports.review({ query: { state: 'resolved' } })).total).toBe(0);
    const citizen = await citizenSession(ctx.app, sms, '0912000999');
    expect((await testApi(ctx.app, citizen).imports.jobs.raw()).status).toBe(403);
    const clinic = await staffSession(ctx.app, ctx.app.db, 'import.clinic', 'clinic_staff', {
      facility: facilityId,
    });
    expect((await testApi(ctx.app, clinic).imports.jobs.raw()).status).toBe(403);
    expect((await testApi(ctx.app).imports.jobs.raw()).status).toBe(401);
  });
  it('takes files above the JSON body limit (stored in 1 MB pieces); a JSON body is refused with 415', async () => {
    const line = ',Lò Văn Pá,01/01/1970,Nam,,,,,,,,1,01/09/2021,Pfizer,,\r\n';
    const text = `${csvText([faultyRows()[0]]).trimEnd()}\r\n${line.repeat(Math.ceil((3 * 1024 * 1024) / line.length))}`;
    const res = await upload(site, text, { facility: facilityCode, filename: 'big.csv', dryRun: 'true' });
    expect(res.status, JSON.stringify(res.problem)).toBe(202);
    expect(res.body?.sizeBytes).toBe(Buffer.byteLength(text));
    const pieces = await ctx.app.db
      .selectFrom('import_file_chunk')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', res.body?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(Number(pieces.n)).toBe(4);
    // A deliberately wrong content type: sent by hand.
    const json = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/imports?facility=${facilityCode}`,
      headers: { ...site.headers, 'content-type': 'application/json' },
      payload: { rows: [] },
    });
    expect(json.statusCode).toBe(415);
  });

  it('cancels a job that has not ended: a queued one never runs, a running one stops after its batch', {
    timeout: 180_000,
  }, async () => {
    const rows = (n: number, from: number) =>
      Array.from(
        { length: n },
        (_, i) => `,Lò Văn Pá,01/01/${from + i},Nam,,,,,,,,1,01/09/2021,Pfizer,,\r\n`,
      ).join('');
    const header = csvText([faultyRows()[0]]).trimEnd();
    const queued = (await upload(site, `${header}\r\n${rows(5, 1900)}`, { facility: facilityCode })).body!;
    const cancel = (session: Session, id: string) =>
      testApi(ctx.app, session).imports.cancel.raw({ params: { id } });
    expect((await cancel(otherSite, queued.id)).status).toBe(404);
    const cancelled = await cancel(site, queued.id);
    expect(cancelled.status, JSON.stringify(cancelled.problem)).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', counts: { read: 0 } });
    await runAll();
    const after = await jobOf(queued.id);
    expect(after).toMatchObject({ state: 'cancelled', counts: { read: 0, imported: 0 } });
    const again = await cancel(site, queued.id);
    expect(again.status).toBe(409);
    expect(again.problem).toMatchObject({
      code: 'import_state',
      messages: { en: 'This import has already ended and cannot be cancelled' },
    });
    const audited = await ctx.app.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', '=', queued.id)
      .where('action', '=', 'import.cancel')
      .execute();
    expect(audited).toHaveLength(1);

    // Cancelled from the API after its first batch: the runner's next write is refused, the job ends
    // cancelled with whole batches only, and the doses written are exactly the rows it counted.
    const running = (await upload(site, `${header}\r\n${rows(60, 1910)}`, { facility: facilityCode })).body!;
    let asked = false;
    const outcome = await runNextJob(
      ctx.app.db,
      runner,
      { jobId: running.id, localFiles: false },
      { ...DEFAULT_IMPORT_OPTIONS, batchSize: 10 },
      {
        onProgress: ({ job }) => {
          if (job.state === 'running' && !asked) {
            asked = true;
            void cancel(site, running.id);
          }
        },
      },
    );
    expect(outcome?.state).toBe('running');
    const stopped = await jobOf(running.id);
    expect(stopped.state).toBe('cancelled');
    expect(stopped.counts.read % 10).toBe(0);
    expect(stopped.counts.read).toBeGreaterThanOrEqual(10);
    expect(stopped.counts.read).toBeLessThan(60);
    expect(stopped.bytesRead).toBeGreaterThan(0);
    const doses = await ctx.app.db
      .selectFrom('dose')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('import_job_id', '=', running.id)
      .executeTakeFirstOrThrow();
    expect(Number(doses.n)).toBe(stopped.counts.imported);
  });
});
