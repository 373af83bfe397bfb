import { describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';
import { holdLease, startTask } from './background-task.ts';

const quiet = { info: () => undefined, error: () => undefined };

describe.each(TEST_ENGINES)('background tasks (%s)', (engine) => {
  const ctx = useTestApp(engine);

  it('a lease lets one holder run a task; it is renewed by its holder and taken over once expired', async () => {
    const db = ctx.database.db;
    expect(await holdLease(db, 'lease-test', 1_000, 'process-a')).toBe(true);
    expect(await holdLease(db, 'lease-test', 1_000, 'process-b')).toBe(false);
    expect(await holdLease(db, 'lease-test', 1_000, 'process-a')).toBe(true);
    await db
      .updateTable('task_lease')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .execute();
    expect(await holdLease(db, 'lease-test', 1_000, 'process-b')).toBe(true);
    expect(await holdLease(db, 'lease-test', 1_000, 'process-a')).toBe(false);
  });

  it('passes run one at a time; more work runs again at once; wake runs a pass now; stop waits and lets go', async () => {
    const db = ctx.database.db;
    let passes = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    let backlog = 3;
    const task = startTask({
      name: 'counting-task',
      everyMs: 60_000,
      lease: { db },
      log: quiet,
      async run() {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 5));
        passes += 1;
        concurrent -= 1;
        if (backlog > 0) backlog -= 1;
        return backlog > 0;
      },
    });
    await expect.poll(() => passes).toBe(3);
    task.wake();
    task.wake();
    await expect.poll(() => passes).toBeGreaterThanOrEqual(4);
    await task.stop();
    const after = passes;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(passes).toBe(after);
    expect(maxConcurrent).toBe(1);
    expect(
      await db.selectFrom('task_lease').where('name', '=', 'counting-task').selectAll().execute(),
    ).toEqual([]);
  });

  it('a pass that fails is logged and the task goes on', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const task = startTask({
      name: 'failing-task',
      everyMs: 5,
      log: { info: () => undefined, error: (e: unknown) => errors.push(e) },
      async run() {
        passes += 1;
        if (passes === 1) throw new Error('first pass fails');
      },
    });
    await expect.poll(() => passes).toBeGreaterThanOrEqual(2);
    await task.stop();
    expect(errors).toHaveLength(1);
  });
});
