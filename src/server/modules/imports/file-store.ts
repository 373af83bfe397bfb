import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { UploadInspector } from './file-limits.ts';

/** Uploaded files are stored in pieces of this size (one row each). */
export const CHUNK_BYTES = 1024 * 1024;

/** Raised when an upload is larger than allowed. */
export class UploadTooLargeError extends Error {
  constructor(readonly maximum: number) {
    super(`upload larger than ${maximum} bytes`);
  }
}

/**
 * Stores an upload as the job's file, 1 MB per row, while hashing it: memory holds one piece at a time
 * whatever the file's size. `inspect` sees every piece before it is stored and the end (its errors
 * refuse the upload as it arrives). Returns the SHA-256 and size.
 */
export async function storeUpload(
  db: Kysely<DB>,
  jobId: string,
  body: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  inspect?: UploadInspector,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  const store = async (bytes: Buffer) => {
    await db.insertInto('import_file_chunk').values({ job_id: jobId, seq: seq++, bytes }).execute();
  };
  // A refused upload must not destroy the request: that would reset the connection before the 422/413
  // answer reaches the client. The rest of the body is left for the HTTP server to drain.
  const pieces = body instanceof Readable ? body.iterator({ destroyOnReturn: false }) : body;
  for await (const piece of pieces) {
    const chunk =
      typeof piece === 'string'
        ? Buffer.from(piece)
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    size += chunk.length;
    if (size > maxBytes) throw new UploadTooLargeError(maxBytes);
    inspect?.push(chunk);
    hash.update(chunk);
    pending.push(chunk);
    pendingLength += chunk.length;
    while (pendingLength >= CHUNK_BYTES) {
      const joined = Buffer.concat(pending, pendingLength);
      await store(Buffer.from(joined.subarray(0, CHUNK_BYTES)));
      pending = [joined.subarray(CHUNK_BYTES)];
      pendingLength -= CHUNK_BYTES;
    }
  }
  inspect?.end(size);
  if (pendingLength) await store(Buffer.concat(pending, pendingLength));
  return { sha256: hash.digest('hex'), size };
}

/** The SHA-256 and size of a local file (the CLI's jobs). */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * The bytes of a job's file as a stream: its stored pieces read one at a time, or the local file the
 * CLI named. Any process can read a stored file again (to resume, or for the error report).
 */
export function openJobFile(db: Kysely<DB>, job: { id: string; file_path: string | null }): Readable {
  if (job.file_path) return fs.createReadStream(job.file_path, { highWaterMark: 256 * 1024 });
  async function* pieces() {
    for (let seq = 0; ; seq++) {
      const row = await db
        .selectFrom('import_file_chunk')
        .select('bytes')
        .where('job_id', '=', job.id)
        .where('seq', '=', seq)
        .executeTakeFirst();
      if (!row) return;
      yield Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
    }
  }
  return Readable.from(pieces(), { objectMode: false });
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
