import type { Kysely } from 'kysely';
import type { ImportJob } from '../../../../shared/schemas/imports.ts';
import { AppError } from '../../../app-error.ts';
import type { DB } from '../../../db/schema.ts';
import type { StaffActor } from '../../../policy/index.ts';
import * as repo from '../imports.repository.ts';
import { importFacility, jobInScope, toJob } from '../imports.service.ts';
import { csvArrivalCheck, ImportLimitError } from './file-limits.ts';
import { storeUpload, UploadTooLargeError } from './file-store.ts';
import { xlsxArrivalCheck } from './xlsx-limits.ts';

/** The largest upload accepted (a million legacy rows are about 150 MB of CSV). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** Which reader a file needs, from its name or content type (null: neither CSV nor XLSX). */
export function fileKindOf(filename: string, contentType: string | undefined): 'csv' | 'xlsx' | null {
  const name = filename.toLowerCase();
  if (name.endsWith('.xlsx') || contentType?.includes('spreadsheetml')) return 'xlsx';
  if (name.endsWith('.csv') || name.endsWith('.txt') || contentType?.startsWith('text/')) return 'csv';
  return null;
}

export interface UploadInput {
  facility: string;
  dryRun: boolean;
  mapping?: string;
  filename: string;
  contentType?: string;
  idempotencyKey?: string;
}

/**
 * Creates a job from an uploaded file: the file is stored in pieces while it arrives (the job stays
 * 'cancelled' with "upload incomplete" until the last piece is in, so no runner reads half a file),
 * then queued. The same idempotency key gives the same job again (an upload cut short is replaced).
 */
export async function createUploadJob(
  db: Kysely<DB>,
  actor: StaffActor,
  input: UploadInput,
  body: AsyncIterable<Uint8Array | string>,
  now: Date,
): Promise<{ job: ImportJob; created: boolean }> {
  const facility = await importFacility(db, actor.scope, input.facility);
  const kind = fileKindOf(input.filename, input.contentType);
  if (!kind) throw AppError.validation([{ field: 'filename', in: 'query', code: 'import.file_kind' }]);
  const key = input.idempotencyKey ? `${actor.staffId}:${input.idempotencyKey}` : null;
  if (key) {
    const existing = await repo.findJobByIdempotencyKey(db, key);
    if (existing?.error_code === 'import.upload_incomplete') {
      await repo.deleteJob(db, existing.id);
    } else if (existing) {
      for await (const _ of body) {
        // The body of a resent upload is read and dropped.
      }
      return { job: toJob(await jobInScope(db, actor.scope, existing.id)), created: false };
    }
  }
  const jobId = await repo.insertUploadJob(
    db,
    {
      facilityId: facility.id,
      filename: input.filename,
      fileKind: kind,
      dryRun: input.dryRun,
      mappingName: input.mapping ?? null,
      scope: actor.scope,
      idempotencyKey: key,
      createdBy: actor.staffId,
    },
    now,
  );
  try {
    const inspect = kind === 'csv' ? csvArrivalCheck() : xlsxArrivalCheck();
    const stored = await storeUpload(db, jobId, body, MAX_UPLOAD_BYTES, inspect);
    await repo.markUploaded(db, jobId, stored, now);
  } catch (error) {
    if (error instanceof UploadTooLargeError) {
      await repo.deleteJob(db, jobId);
      throw new AppError('payload_too_large', 413, 'import.file_too_large', [], {
        maximum: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024),
      });
    }
    if (error instanceof ImportLimitError) {
      // Refused on arrival (a line or an unpacked size over the limits): no job, no stored piece.
      await repo.deleteJob(db, jobId);
      throw new AppError(error.messageCode, 422, error.messageCode, [], error.params);
    }
    throw error;
  }
  return { job: toJob(await jobInScope(db, actor.scope, jobId)), created: true };
}
