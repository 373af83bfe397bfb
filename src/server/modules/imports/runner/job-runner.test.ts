import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAULTY_COUNTS, faultyRows, seedRegistry } from '../../../../../test/fixtures/imports/faulty-file.ts';
import { testApi } from '../../../../../test/helpers/api.ts';
import { type Session, staffSession } from '../../../../../test/helpers/auth.ts';
import { csvText, uploadCsvAs } from '../../../../../test/helpers/imports.ts';
import { TEST_ENGINES, useTestApp } from '../../../../../test/helpers/test-app.ts';
import { claimJob } from './job-lease.repository.ts';
import { runnerName } from './runner-name.ts';

describe.each(TEST_ENGINES)('import job runner (%s)', (engine) => {
  const ctx = useTestApp(engine, { imports: { run: true, intervalMs: 100 } });
  let site: Session;

  beforeAll(async () => {
    const facility = await seedRegistry(ctx.app.db, 'RUN-SITE');
    site = await staffSession(ctx.app, ctx.app.db, 'runner.site', 'site_staff', { facility: facility.id });
  });

  const job = (id: string) => testApi(ctx.app, site).imports.job({ params: { id } });

  it('runs an upload in the background with the app: queued → done', async () => {
    const res = await uploadCsvAs(
      testApi(ctx.app, site),
      { facility: 'RUN-SITE', filename: 'legacy.csv' },
      csvText(faultyRows()),
    );
    expect(res.status).toBe(202);
    let state = res.body!;
    // Up to 30 s: a loaded CI machine can be slow to pick the job up; a healthy run ends in well under 1 s.
    for (const deadline = Date.now() + 30_000; state.state !== 'done' && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      state = await job(state.id);
    }
    expect(state).toMatchObject({ state: 'done', counts: FAULTY_COUNTS, totalRows: 18 });
  });

  it('takes over a job whose holder on this host is gone, not one a live runner holds', async () => {
    const db = ctx.app.db;
    const facility = await db
      .selectFrom('facility')
      .select('id')
      .where('code', '=', 'RUN-SITE')
      .executeTakeFirstOrThrow();
    const now = new Date();
    const insert = (lockedBy: string) =>
      db
        .insertInto('import_job')
        .values({
          facility_id: facility.id,
          filename: 'x.csv',
          sha256: randomUUID(),
          size_bytes: 1,
          file_kind: 'csv',
          file_path: '/nonexistent/x.csv',
          state: 'running',
          locked_by: lockedBy,
          locked_until: new Date(now.getTime() + 600_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    // PID 2^22 + 1 is above Linux's pid_max: no such process.
    const dead = await insert(`${os.hostname()}:4194305:cli:abc`);
    const alive = await insert(`${os.hostname()}:${process.pid}:cli:other`);
    const me = runnerName('cli');
    expect(await claimJob(db, me, now, 60_000, { jobId: alive.id, localFiles: true })).toBeNull();
    const claimed = await claimJob(db, me, now, 60_000, { jobId: dead.id, localFiles: true });
    expect(claimed).toMatchObject({ id: dead.id, state: 'running', locked_by: me, attempts: 1 });
    // The server's runner never takes a job reading a local file.
    expect(
      await claimJob(db, runnerName('server'), new Date(now.getTime() + 3_600_000), 60_000, {
        localFiles: false,
      }),
    ).toBeNull();
  });
});
