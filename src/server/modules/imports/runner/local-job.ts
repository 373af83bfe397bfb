import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import type { ImportJobRow } from '../imports.repository.ts';
import { hashFile } from '../upload/file-store.ts';
import { fileKindOf } from '../upload/upload.service.ts';
import * as repo from './job.repository.ts';

export interface LocalJobInput {
  file: string;
  facilityCode: string;
  mappingName?: string;
  dryRun?: boolean;
}

/** Raised for input a local import cannot start with (unknown facility, not CSV/XLSX). */
export class LocalImportError extends Error {}

/**
 * The job of a local file (the CLI): an unfinished job for the same file content (SHA-256), facility,
 * mode and (when given) mapping name is resumed; otherwise a new job is queued that reads the file where it lies.
 */
export async function findOrCreateLocalJob(
  db: Kysely<DB>,
  input: LocalJobInput,
  now: Date,
): Promise<{ job: ImportJobRow; resumed: boolean }> {
  const kind = fileKindOf(input.file, undefined);
  if (!kind) throw new LocalImportError(`${input.file}: only .csv and .xlsx files can be imported`);
  const facility = await repo.facilityByCode(db, input.facilityCode);
  if (!facility) throw new LocalImportError(`no facility with code ${input.facilityCode}`);
  const { sha256, size } = await hashFile(input.file);
  const filePath = path.resolve(input.file);
  const dryRun = input.dryRun ?? false;
  const unfinished = await repo.findUnfinishedLocalJob(db, {
    sha256,
    facilityId: facility.id,
    dryRun,
    mappingName: input.mappingName,
  });
  if (unfinished) return { job: await repo.moveLocalJob(db, unfinished.id, filePath, now), resumed: true };
  const job = await repo.insertLocalJob(
    db,
    {
      facilityId: facility.id,
      filename: path.basename(input.file),
      sha256,
      size,
      fileKind: kind,
      filePath,
      dryRun,
      mappingName: input.mappingName ?? null,
    },
    now,
  );
  return { job, resumed: false };
}
