import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { hashFile } from './file-store.ts';
import { fileKindOf } from './imports.service.ts';
import type { ImportJobRow } from './job-claim.ts';

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
  const facility = await db
    .selectFrom('facility')
    .select(['id', 'code'])
    .where('code', '=', input.facilityCode)
    .executeTakeFirst();
  if (!facility) throw new LocalImportError(`no facility with code ${input.facilityCode}`);
  const { sha256, size } = await hashFile(input.file);
  const filePath = path.resolve(input.file);
  const dryRun = input.dryRun ?? false;
  const unfinished = await db
    .selectFrom('import_job')
    .select('id')
    .where('sha256', '=', sha256)
    .where('facility_id', '=', facility.id)
    .where('dry_run', '=', dryRun)
    .where('file_path', 'is not', null)
    .where('state', 'in', ['queued', 'running', 'needs_mapping'])
    .$if(input.mappingName !== undefined, (q) => q.where('mapping_name', '=', input.mappingName!))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (unfinished) {
    const job = await db
      .updateTable('import_job')
      .set({ file_path: filePath, updated_at: now })
      .where('id', '=', unfinished.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { job, resumed: true };
  }
  const job = await db
    .insertInto('import_job')
    .values({
      facility_id: facility.id,
      filename: path.basename(input.file),
      sha256,
      size_bytes: size,
      file_kind: kind,
      file_path: filePath,
      dry_run: dryRun,
      mapping_name: input.mappingName ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { job, resumed: false };
}
