import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { fileChunk, insertFileChunk } from './file.repository.ts';
import type { UploadInspector } from './file-limits.ts';

/** Uploaded files are stored in pieces of this size (one row each). */
const CHUNK_BYTES = 1024 * 1024;

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
    await insertFileChunk(db, jobId, seq++, bytes);
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
      const bytes = await fileChunk(db, job.id, seq);
      if (!bytes) return;
      yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}
