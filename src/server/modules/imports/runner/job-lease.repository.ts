import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ImportJobRow } from '../imports.repository.ts';
import { holderIsGone } from './runner-name.ts';

/**
 * The SQL of a job's lease: a runner claims a runnable job (holder, lease, one more attempt), lets it go
 * to be retried, or settles it in a final or waiting state. A committed batch renews the lease with its
 * write (batch-write.repository.ts).
 */

export interface ClaimFilter {
  /** Only this job (the CLI runs its own). */
  jobId?: string;
  /** Jobs reading a local file (the CLI's) are run by the CLI only. */
  localFiles: boolean;
}

/**
 * Claims one runnable job: queued, or running with its lease expired or its holder gone (a process of
 * this host killed mid-import). Rows are locked with FOR UPDATE SKIP LOCKED so two runners never take
 * the same job; the claim sets the holder, a lease and one more attempt. The job then resumes at its
 * `next_row`, where the last committed batch ended.
 */
export async function claimJob(
  db: Kysely<DB>,
  runner: string,
  now: Date,
  leaseMs: number,
  filter: ClaimFilter,
): Promise<ImportJobRow | null> {
  return db.transaction().execute(async (trx) => {
    const candidates = await trx
      .selectFrom('import_job')
      .select(['id', 'state', 'locked_by', 'locked_until'])
      .where('state', 'in', ['queued', 'running'])
      .$if(filter.jobId !== undefined, (q) => q.where('id', '=', filter.jobId!))
      .$if(!filter.localFiles, (q) => q.where('file_path', 'is', null))
      .orderBy('created_at')
      .limit(20)
      .forUpdate()
      .skipLocked()
      .execute();
    const job = candidates.find(
      (j) =>
        j.state === 'queued' ||
        !j.locked_until ||
        j.locked_until < now ||
        j.locked_by === runner ||
        holderIsGone(j.locked_by),
    );
    if (!job) return null;
    return (
      (await trx
        .updateTable('import_job')
        .set((eb) => ({
          state: 'running',
          locked_by: runner,
          locked_until: new Date(now.getTime() + leaseMs),
          attempts: eb('attempts', '+', 1),
          started_at: eb.fn.coalesce('started_at', sql<Date>`${now}`),
          updated_at: now,
        }))
        .where('id', '=', job.id)
        .returningAll()
        .executeTakeFirst()) ?? null
    );
  });
}

/** Lets a job go without finishing it (an error to retry): another pass may claim it at once. */
export async function releaseJob(db: Kysely<DB>, jobId: string, runner: string, now: Date) {
  await db
    .updateTable('import_job')
    .set({ locked_by: null, locked_until: now, updated_at: now })
    .where('id', '=', jobId)
    .where('locked_by', '=', runner)
    .execute();
}

/** Ends a job in a final or waiting state, if this runner still holds it. */
export async function settleJob(
  db: Kysely<DB>,
  jobId: string,
  runner: string,
  now: Date,
  set: Partial<{
    state: 'done' | 'failed' | 'needs_mapping' | 'cancelled';
    error_code: string | null;
    error_detail: string | null;
    /** JSON of the error message's values (ImportLimitError). */
    error_params: string | null;
    total_rows: number;
  }>,
): Promise<boolean> {
  const result = await db
    .updateTable('import_job')
    .set({
      ...set,
      locked_by: null,
      locked_until: null,
      updated_at: now,
      ...(set.state === 'done' || set.state === 'failed' ? { finished_at: now } : {}),
    })
    .where('id', '=', jobId)
    .where('locked_by', '=', runner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
