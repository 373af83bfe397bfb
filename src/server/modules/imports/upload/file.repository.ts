import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.ts';

/** The SQL of uploaded files: their pieces (one row per MB), read back in order, purged after retention. */

export async function insertFileChunk(
  db: Kysely<DB>,
  jobId: string,
  seq: number,
  bytes: Buffer,
): Promise<void> {
  await db.insertInto('import_file_chunk').values({ job_id: jobId, seq, bytes }).execute();
}

/** The piece `seq` of a job's file (undefined past its end). */
export async function fileChunk(db: Kysely<DB>, jobId: string, seq: number): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom('import_file_chunk')
    .select('bytes')
    .where('job_id', '=', jobId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.bytes;
}

/**
 * Deletes the stored pieces of up to `limit` uploaded jobs that ended (done, failed or cancelled, or an
 * upload cut short) before `endedBefore`, and marks them `file_purged_at`; the job, its counts and its
 * failed rows' issues stay. Jobs are claimed FOR UPDATE SKIP LOCKED: processes running this together
 * share the work. Returns how many jobs were purged.
 */
export async function purgeEndedJobFiles(
  db: Kysely<DB>,
  endedBefore: Date,
  now: Date,
  limit: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const jobs = await trx
      .selectFrom('import_job')
      .select('id')
      .where('state', 'in', ['done', 'failed', 'cancelled'])
      .where('file_purged_at', 'is', null)
      .where('file_path', 'is', null)
      // A cancelled upload that never completed has no finished_at: it ended when it was last touched.
      .where(sql<Date>`coalesce(finished_at, updated_at)`, '<', endedBefore)
      .orderBy('created_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!jobs.length) return 0;
    const ids = jobs.map((j) => j.id);
    await trx.deleteFrom('import_file_chunk').where('job_id', 'in', ids).execute();
    await trx.updateTable('import_job').set({ file_purged_at: now }).where('id', 'in', ids).execute();
    return ids.length;
  });
}
