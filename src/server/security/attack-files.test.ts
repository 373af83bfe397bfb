import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADERS, seedRegistry } from '../../../test/fixtures/imports/faulty-file.ts';
import { testApi } from '../../../test/helpers/api.ts';
import { type Session, staffSession } from '../../../test/helpers/auth.ts';
import { csvText, importLocalFile } from '../../../test/helpers/imports.ts';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';
import { runNextJob } from '../modules/imports/runner/job-runner.ts';
import { runnerName } from '../modules/imports/runner/runner-name.ts';
import {
  GOOD_ROW,
  giantFieldCsv,
  latencyDuring,
  peakRssDuring,
  workbook,
  zipBomb,
} from './attack-fixtures.ts';

const MiB = 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Attacks with import files: a zip bomb dressed as the template, a 100 MB CSV that is one field, rows
 * with thousands of columns. Each must be refused with a message that says what and where (vi + en),
 * end its job as failed, and leave the server answering and its memory bounded.
 */
describe.each(TEST_ENGINES)('attacks with import files (%s)', (engine) => {
  const ctx = useTestApp(engine);
  let site: Session;
  const runner = runnerName('server');

  beforeAll(async () => {
    const facility = await seedRegistry(ctx.app.db, 'ATK-SITE');
    site = await staffSession(ctx.app, ctx.app.db, 'attack.site', 'site_staff', { facility: facility.id });
  });

  const upload = (body: Buffer | Readable, filename: string, contentType: string) =>
    ctx.app.inject({
      method: 'POST',
      url: `/api/staff/imports?facility=ATK-SITE&filename=${filename}`,
      headers: { ...site.headers, 'content-type': contentType, 'idempotency-key': randomUUID() },
      payload: body,
    });
  const jobRow = (id: string) =>
    ctx.app.db.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const apiJob = async (id: string) =>
    (await ctx.app.inject({ url: `/api/staff/imports/${id}`, headers: site.headers })).json();
  const runJob = () => runNextJob(ctx.app.db, runner, { localFiles: false });

  it('a workbook built like the bombs, without the bomb, imports normally', async () => {
    const res = await upload(workbook([GOOD_ROW]), 'fine.xlsx', XLSX);
    expect(res.statusCode, res.body).toBe(202);
    expect((await runJob())?.state).toBe('done');
    expect((await apiJob(res.json().id)).counts).toMatchObject({ read: 1, imported: 1, failed: 0 });
  });

  it('refuses a zip-bomb XLSX (2 GiB of sheet in 2 MB, sizes lying) while /healthz keeps answering', async () => {
    const bomb = zipBomb(2048);
    expect(bomb.length).toBeLessThan(3 * MiB);
    const res = await upload(bomb, 'bomb.xlsx', XLSX);
    // The central directory claims 4 KiB: nothing to refuse on arrival, the file is stored.
    expect(res.statusCode, res.body).toBe(202);
    const started = performance.now();
    // Bounded, so that code without the limit fails here instead of inflating for many minutes.
    const work = Promise.race([runJob(), new Promise((resolve) => setTimeout(resolve, 45_000, 'gave up'))]);
    const { latencies, maxLoopDelayMs } = await latencyDuring(work, () => testApi(ctx.app).system.health());
    const elapsed = performance.now() - started;
    const worst = Math.max(...latencies);
    console.info(
      `zip bomb: ended after ${Math.round(elapsed)} ms; /healthz ${latencies.length} probes, worst ` +
        `${worst.toFixed(1)} ms; event-loop delay max ${maxLoopDelayMs.toFixed(1)} ms`,
    );
    expect(await work).toMatchObject({ state: 'failed' });
    expect(worst).toBeLessThan(1000);
    expect(latencies.length).toBeGreaterThan(0);
    const row = await jobRow(res.json().id);
    expect(row.error_code).toBe('import.xlsx_too_large');
    const job = await apiJob(res.json().id);
    expect(job.state).toBe('failed');
    expect(job.error.vi).toContain('200 MB');
    expect(job.error.en).toMatch(/unpacks to more than 200 MB.*sheet1\.xml/);
    expect(job.counts.imported).toBe(0);
  });

  it('refuses an XLSX at upload when its own directory already says it unpacks too large', async () => {
    const res = await upload(zipBomb(4, 300 * MiB), 'honest-bomb.xlsx', XLSX);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'import.xlsx_too_large' });
    expect(res.json().messages.en).toContain('sheet1.xml');
  });

  it('refuses an XLSX with a giant cell: over 64 KB in a row, over 256 KB before the row is even read', async () => {
    const long = await upload(workbook([[...GOOD_ROW.slice(0, 9), 'A'.repeat(70_000)]]), 'long.xlsx', XLSX);
    expect(long.statusCode, long.body).toBe(202);
    expect((await runJob())?.state).toBe('failed');
    expect((await jobRow(long.json().id)).error_code).toBe('import.record_too_large');
    expect((await apiJob(long.json().id)).error.en).toMatch(/^Row 2 is longer than the 64 KB limit/);
    const giant = await upload(
      workbook([[...GOOD_ROW.slice(0, 9), 'A'.repeat(300_000)]]),
      'giant.xlsx',
      XLSX,
    );
    expect((await runJob())?.state).toBe('failed');
    expect((await jobRow(giant.json().id)).error_code).toBe('import.xlsx_cell_too_large');
    expect((await apiJob(giant.json().id)).error.vi).toContain('256 KB');
  });

  it('refuses a 100 MB CSV that is one field at upload, reading only its first line; memory stays bounded', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const body = giantFieldCsv(100 * MiB);
    let res: Awaited<ReturnType<typeof upload>> | undefined;
    const peak = await peakRssDuring(
      (async () => {
        res = await upload(body, 'giant.csv', 'text/csv');
      })(),
    );
    console.info(`100 MB one-field CSV upload: RSS growth ${Math.round((peak - before) / MiB)} MB`);
    expect(res!.statusCode, res!.body).toBe(422);
    expect(res!.json().code).toBe('import.line_too_long');
    expect(res!.json().messages.vi).toContain('Dòng 2');
    expect(res!.json().messages.en).toContain('Line 2');
    expect(peak - before).toBeLessThan(200 * MiB);
    // The refused upload left no job (and so no stored piece) behind.
    const left = await ctx.app.db
      .selectFrom('import_job')
      .select('id')
      .where('filename', '=', 'giant.csv')
      .execute();
    expect(left).toEqual([]);
  });

  it('fails the job of a 100 MB one-field CSV read from disk (the CLI path), naming the row', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-attack-'));
    const file = path.join(dir, 'giant.csv');
    try {
      await pipeline(giantFieldCsv(100 * MiB), fs.createWriteStream(file));
      global.gc?.();
      const before = process.memoryUsage().rss;
      let job: Awaited<ReturnType<typeof importLocalFile>> | undefined;
      const peak = await peakRssDuring(
        (async () => {
          job = await importLocalFile(ctx.app.db, file, 'ATK-SITE');
        })(),
      );
      console.info(`100 MB one-field CSV job: RSS growth ${Math.round((peak - before) / MiB)} MB`);
      expect(job!.state).toBe('failed');
      expect(job!.error_code).toBe('import.record_too_large');
      const api = await apiJob(job!.id);
      expect(api.error.vi).toMatch(/^Dòng 2 /);
      expect(api.error.en).toMatch(/^Row 2 .*64 KB/);
      expect(peak - before).toBeLessThan(200 * MiB);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails the job of an uploaded CSV whose giant field hides in short quoted lines', async () => {
    const res = await upload(giantFieldCsv(4 * MiB, 1000), 'lines.csv', 'text/csv');
    expect(res.statusCode, res.body).toBe(202);
    expect((await runJob())?.state).toBe('failed');
    const row = await jobRow(res.json().id);
    expect(row.error_code).toBe('import.record_too_large');
    expect((await apiJob(row.id)).error.en).toMatch(/^Row 2 /);
  });

  it('refuses a row with too many columns: CSV and XLSX, and commas hidden between quoted line breaks', async () => {
    const wide = [...GOOD_ROW, ...Array.from({ length: 985 }, (_, i) => `x${i}`)];
    const csv = await upload(Buffer.from(csvText([HEADERS, GOOD_ROW, wide])), 'wide.csv', 'text/csv');
    expect(csv.statusCode, csv.body).toBe(202);
    expect((await runJob())?.state).toBe('failed');
    expect((await jobRow(csv.json().id)).error_code).toBe('import.too_many_columns');
    const csvJob = await apiJob(csv.json().id);
    expect(csvJob.error.vi).toMatch(/^Dòng 3 .*200 cột/);
    expect(csvJob.error.en).toMatch(/^Row 3 has more than 200 columns/);

    const xlsx = await upload(workbook([wide]), 'wide.xlsx', XLSX);
    expect(xlsx.statusCode, xlsx.body).toBe(202);
    expect((await runJob())?.state).toBe('failed');
    expect((await jobRow(xlsx.json().id)).error_code).toBe('import.too_many_columns');
    expect((await apiJob(xlsx.json().id)).error.en).toMatch(/^Row 2 /);

    // Two million empty fields in one record, in lines of 60,000 commas joined by quoted line breaks:
    // no line is long and no field is big, only the number of columns gives it away.
    const commas = `${','.repeat(60_000)}"\n"`;
    const sneaky = Buffer.from(`${HEADERS.join(',')}\r\n"a"${commas.repeat(34)}\r\n`);
    const hidden = await upload(sneaky, 'commas.csv', 'text/csv');
    expect(hidden.statusCode, hidden.body).toBe(202);
    expect((await runJob())?.state).toBe('failed');
    expect((await jobRow(hidden.json().id)).error_code).toBe('import.too_many_columns');
  });
});
