import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/** What one pass reports: `true` when there is more work at once (the next pass starts without waiting). */
export type PassResult = boolean | undefined;

export interface TaskSpec {
  /** Stable name: the log field and the lease row. */
  name: string;
  /** Pause between passes. */
  everyMs: number;
  /** Pause before the first pass (default: at once). */
  firstDelayMs?: number;
  /**
   * Run once across processes: a pass runs only while this process holds the task's lease in the
   * database. Leave out for tasks whose work is already claimed row by row (import jobs, the outbox).
   */
  lease?: { db: Kysely<DB> };
  log: Pick<FastifyBaseLogger, 'info' | 'error'>;
  /** One pass. Stop early when `signal` aborts (shutdown). */
  run(signal: AbortSignal): Promise<PassResult | unknown>;
}

export interface RunningTask {
  /** Runs a pass now (work was just queued); a pass in progress is followed by another at once. */
  wake(): void;
  /** Stops: aborts the pass in progress, waits for it to end, lets the lease go. */
  stop(): Promise<void>;
}

/** Who holds a lease: this process, by host, PID and a random part (PIDs repeat across containers). */
const HOLDER = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * The one way the server runs background work (import runner, notification runner and planners,
 * certificate re-issue, upload retention): passes one at a time, a pause between them, `wake()` for
 * work that just arrived, a clean stop on shutdown, and an optional lease so a task runs in one process
 * when several serve the same database. Written here, not taken from pg-boss or graphile-worker, because
 * those need PostgreSQL features PGlite lacks (LISTEN across connections, several sessions) and the
 * embedded engine is the default install (docs/ARCHITECTURE.md, "Background work").
 */
export function startTask(spec: TaskSpec): RunningTask {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let wakeAgain = false;
  let current: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (abort.signal.aborted) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = () => {
    if (running) {
      wakeAgain = true;
      return;
    }
    running = true;
    wakeAgain = false;
    current = (async () => {
      let more = false;
      try {
        if (!spec.lease || (await holdLease(spec.lease.db, spec.name, spec.everyMs))) {
          more = (await spec.run(abort.signal)) === true;
        }
      } catch (error) {
        if (!abort.signal.aborted)
          spec.log.error({ err: error, task: spec.name }, 'background task pass failed');
      } finally {
        running = false;
      }
      schedule(more || wakeAgain ? 0 : spec.everyMs);
    })();
  };
  schedule(spec.firstDelayMs ?? 0);
  return {
    wake() {
      if (running) wakeAgain = true;
      else schedule(0);
    },
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await current;
      if (spec.lease) await releaseLease(spec.lease.db, spec.name).catch(() => undefined);
    },
  };
}

/**
 * Takes or renews the task's lease in one statement: free, expired or already ours → ours until
 * three periods from now (at least a minute), so a process that died hands the task on.
 */
export async function holdLease(db: Kysely<DB>, name: string, everyMs: number, holder = HOLDER) {
  const ttlMs = Math.max(60_000, everyMs * 3);
  const row = await sql<{ holder: string }>`
    insert into task_lease (name, holder, expires_at)
    values (${name}, ${holder}, now() + ${`${ttlMs} milliseconds`}::interval)
    on conflict (name) do update
      set holder = excluded.holder, expires_at = excluded.expires_at
      where task_lease.holder = excluded.holder or task_lease.expires_at < now()
    returning holder`.execute(db);
  return row.rows.length === 1;
}

async function releaseLease(db: Kysely<DB>, name: string, holder = HOLDER) {
  await db.deleteFrom('task_lease').where('name', '=', name).where('holder', '=', holder).execute();
}
