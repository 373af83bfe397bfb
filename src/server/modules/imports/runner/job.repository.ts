import type { Kysely } from 'kysely';
import type { ImportMapping } from '../../../../shared/schemas/imports.ts';
import type { DB } from '../../../db/schema.ts';
import { facilityInReach, type Scope } from '../../../policy/index.ts';
import type { ImportJobRow } from '../imports.repository.ts';

/**
 * The SQL of a job as its runner moves it: what the file's header row told (headers, encoding, the
 * mapping), a dry run started again, the end; what setting up a job reads (facilities, vaccines, saved
 * mappings); and the CLI's jobs of local files.
 */

/** What the header row of a job's file told: headers, encoding, and the mapping when one is chosen. */
export interface FileInfo {
  headers: string;
  encoding: ImportJobRow['encoding'];
  charset: string;
  mapping?: string;
  mapping_name?: string | null;
}

export async function setFileInfo(db: Kysely<DB>, jobId: string, info: FileInfo): Promise<void> {
  await db.updateTable('import_job').set(info).where('id', '=', jobId).execute();
}

/** The file's header row and the mapping chosen for it: the job as it now stands. */
export function setFileInfoReturning(db: Kysely<DB>, jobId: string, info: FileInfo): Promise<ImportJobRow> {
  return db
    .updateTable('import_job')
    .set(info)
    .where('id', '=', jobId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A dry run starts again from the first row (it keeps its state in memory): counts and issues cleared. */
export async function restartDryRun(db: Kysely<DB>, jobId: string): Promise<ImportJobRow> {
  const job = await db
    .updateTable('import_job')
    .set({
      next_row: 0,
      count_read: 0,
      count_imported: 0,
      count_skipped: 0,
      count_failed: 0,
      count_review: 0,
      persons_created: 0,
    })
    .where('id', '=', jobId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.deleteFrom('import_row_issue').where('job_id', '=', jobId).execute();
  return job;
}

/** Marks a job done with its total, if `runner` still holds it. */
export function finishJob(
  db: Kysely<DB>,
  jobId: string,
  runner: string,
  now: Date,
): Promise<ImportJobRow | undefined> {
  return db
    .updateTable('import_job')
    .set((eb) => ({
      state: 'done',
      total_rows: eb.ref('count_read'),
      bytes_read: eb.ref('size_bytes'),
      locked_by: null,
      locked_until: null,
      finished_at: now,
      updated_at: now,
    }))
    .where('id', '=', jobId)
    .where('locked_by', '=', runner)
    .returningAll()
    .executeTakeFirst();
}

/** Keeps the (masked) text of the error a pass failed with, for the next attempt to show. */
export async function setErrorDetail(db: Kysely<DB>, jobId: string, detail: string): Promise<void> {
  await db.updateTable('import_job').set({ error_detail: detail }).where('id', '=', jobId).execute();
}

/** Facilities within a scope (null: all, the CLI). */
export function facilitiesIn(db: Kysely<DB>, scope: Scope | null) {
  return db
    .selectFrom('facility as f')
    .select(['f.id', 'f.code'])
    .$if(scope !== null, (q) => q.where(facilityInReach(scope!)))
    .execute();
}

export function facilityById(db: Kysely<DB>, id: string) {
  return db.selectFrom('facility').select(['id', 'code']).where('id', '=', id).executeTakeFirstOrThrow();
}

export function facilityByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('facility').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
}

export async function vaccineCodes(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('vaccine_product').select('code').execute()).map((v) => v.code);
}

/** A facility's saved mapping by name. */
export async function savedMapping(
  db: Kysely<DB>,
  facilityId: string,
  name: string,
): Promise<ImportMapping | undefined> {
  const saved = await db
    .selectFrom('import_mapping')
    .select('mapping')
    .where('facility_id', '=', facilityId)
    .where('name', '=', name)
    .executeTakeFirst();
  return saved?.mapping as ImportMapping | undefined;
}

/** A facility's saved mappings, the latest first. */
export async function savedMappingsLatestFirst(
  db: Kysely<DB>,
  facilityId: string,
): Promise<{ name: string; mapping: ImportMapping }[]> {
  const rows = await db
    .selectFrom('import_mapping')
    .select(['name', 'mapping'])
    .where('facility_id', '=', facilityId)
    .orderBy('updated_at', 'desc')
    .execute();
  return rows.map((r) => ({ name: r.name, mapping: r.mapping as ImportMapping }));
}

/** The latest unfinished job of a local file with this content, facility and mode (and mapping name). */
export function findUnfinishedLocalJob(
  db: Kysely<DB>,
  match: { sha256: string; facilityId: string; dryRun: boolean; mappingName?: string },
) {
  return db
    .selectFrom('import_job')
    .select('id')
    .where('sha256', '=', match.sha256)
    .where('facility_id', '=', match.facilityId)
    .where('dry_run', '=', match.dryRun)
    .where('file_path', 'is not', null)
    .where('state', 'in', ['queued', 'running', 'needs_mapping'])
    .$if(match.mappingName !== undefined, (q) => q.where('mapping_name', '=', match.mappingName!))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Points a local job at where its file lies now. */
export function moveLocalJob(
  db: Kysely<DB>,
  jobId: string,
  filePath: string,
  now: Date,
): Promise<ImportJobRow> {
  return db
    .updateTable('import_job')
    .set({ file_path: filePath, updated_at: now })
    .where('id', '=', jobId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A queued job that reads a local file where it lies (the CLI's). */
export function insertLocalJob(
  db: Kysely<DB>,
  job: {
    facilityId: string;
    filename: string;
    sha256: string;
    size: number;
    fileKind: 'csv' | 'xlsx';
    filePath: string;
    dryRun: boolean;
    mappingName: string | null;
  },
  now: Date,
): Promise<ImportJobRow> {
  return db
    .insertInto('import_job')
    .values({
      facility_id: job.facilityId,
      filename: job.filename,
      sha256: job.sha256,
      size_bytes: job.size,
      file_kind: job.fileKind,
      file_path: job.filePath,
      dry_run: job.dryRun,
      mapping_name: job.mappingName,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
