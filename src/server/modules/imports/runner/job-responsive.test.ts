import { beforeAll, describe, expect, it } from 'vitest';
import { FAULTY_COUNTS, faultyRows, seedRegistry } from '../../../../../test/fixtures/imports/faulty-file.ts';
import { testApi } from '../../../../../test/helpers/api.ts';
import { type Session, staffSession } from '../../../../../test/helpers/auth.ts';
import { csvText, uploadCsvAs } from '../../../../../test/helpers/imports.ts';
import { TEST_ENGINES, useTestApp } from '../../../../../test/helpers/test-app.ts';
import { DEFAULT_IMPORT_OPTIONS, runNextJob } from './job-runner.ts';
import { runnerName } from './runner-name.ts';

/**
 * PGlite answers queries without real I/O, so a job that only awaited queries would run as one chain of
 * microtasks and the server would accept no request until it ended. The pipeline yields to the event
 * loop once per batch: timers (and so sockets) get their turn while a job runs.
 */
describe.each(TEST_ENGINES)('an import leaves the event loop free between batches (%s)', (engine) => {
  const ctx = useTestApp(engine);
  let site: Session;

  beforeAll(async () => {
    const facility = await seedRegistry(ctx.app.db, 'LOOP-SITE');
    site = await staffSession(ctx.app, ctx.app.db, 'loop.site', 'site_staff', { facility: facility.id });
  });

  it('timers fire while the batches are written', async () => {
    const api = testApi(ctx.app, site);
    const res = await uploadCsvAs(
      api,
      { facility: 'LOOP-SITE', filename: 'legacy.csv' },
      csvText(faultyRows()),
    );
    expect(res.status).toBe(202);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const ran = await runNextJob(
        ctx.app.db,
        runnerName('server'),
        { localFiles: false },
        { ...DEFAULT_IMPORT_OPTIONS, batchSize: 2 },
      );
      expect(ran?.state).toBe('done');
    } finally {
      clearInterval(timer);
    }
    // 18 rows in batches of 2: nine batches, so at least a few timer turns in between.
    expect(ticks).toBeGreaterThanOrEqual(5);
    const job = await api.imports.job({ params: { id: res.body!.id } });
    expect(job.counts).toEqual(FAULTY_COUNTS);
  });
});
