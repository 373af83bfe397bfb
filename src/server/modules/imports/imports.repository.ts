import type { Kysely, Selectable } from 'kysely';
import type { ImportMapping } from '../../../shared/schemas/imports.ts';
import type { DB, ImportJobTable } from '../../db/schema.ts';
import { facilityInReach, type Scope } from '../../policy/index.ts';

/** The SQL of import jobs as the API and the report see them: jobs, saved mappings, failed rows' issues. */

/** An import job as stored. */
export type ImportJobRow = Selectable<ImportJobTable>;

/** A job with its facility and how many of its review items still wait (the API's view). */
export type JobViewRow = ImportJobRow & {
  facility_code: string;
  facility_name: string;
  review_pending: number | null;
};

function jobsInScope(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('import_job as j')
    .innerJoin('facility as f', 'f.id', 'j.facility_id')
    .selectAll('j')
    .select(['f.code as facility_code', 'f.name as facility_name'])
    .select((eb) =>
      eb
        .selectFrom('import_review as r')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('r.job_id', '=', 'j.id')
        .where('r.state', '=', 'pending')
        .as('review_pending'),
    )
    .where(facilityInReach(scope));
}

/** A job of a facility within the scope. */
export function findJobInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<JobViewRow | undefined> {
  return jobsInScope(db, scope).where('j.id', '=', id).executeTakeFirst();
}

/** A page of the jobs within the scope (of one facility when given), newest first, and their total. */
export async function pageJobs(
  db: Kysely<DB>,
  scope: Scope,
  query: { facility?: string; limit: number; offset: number },
): Promise<{ rows: JobViewRow[]; total: number }> {
  let base = jobsInScope(db, scope);
  if (query.facility) base = base.where('f.code', '=', query.facility);
  const rows = await base
    .orderBy('j.created_at', 'desc')
    .orderBy('j.id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  const total = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

/** A facility by code within the scope. */
export function findFacilityInScope(db: Kysely<DB>, scope: Scope, code: string) {
  return db
    .selectFrom('facility as f')
    .select(['f.id', 'f.code', 'f.name'])
    .where('f.code', '=', code)
    .where(facilityInReach(scope))
    .executeTakeFirst();
}

/** The job an idempotency key (staff id and the client's key) created, if any. */
export function findJobByIdempotencyKey(db: Kysely<DB>, key: string) {
  return db
    .selectFrom('import_job')
    .select(['id', 'error_code'])
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function deleteJob(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('import_job').where('id', '=', id).execute();
}

/** A new upload's job, 'cancelled' with "upload incomplete" until its last piece is stored. */
export async function insertUploadJob(
  db: Kysely<DB>,
  job: {
    facilityId: string;
    filename: string;
    fileKind: 'csv' | 'xlsx';
    dryRun: boolean;
    mappingName: string | null;
    scope: Scope;
    idempotencyKey: string | null;
    createdBy: string;
  },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('import_job')
    .values({
      facility_id: job.facilityId,
      filename: job.filename,
      sha256: '',
      size_bytes: 0,
      file_kind: job.fileKind,
      state: 'cancelled',
      error_code: 'import.upload_incomplete',
      dry_run: job.dryRun,
      mapping_name: job.mappingName,
      scope: JSON.stringify(job.scope),
      idempotency_key: job.idempotencyKey,
      created_by: job.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An upload whose last piece is stored: its hash and size, and queued. */
export async function markUploaded(
  db: Kysely<DB>,
  id: string,
  file: { sha256: string; size: number },
  now: Date,
): Promise<void> {
  await db
    .updateTable('import_job')
    .set({ sha256: file.sha256, size_bytes: file.size, state: 'queued', error_code: null, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** A job's mapping chosen by a person: queued again. */
export async function queueWithMapping(
  db: Kysely<DB>,
  id: string,
  mapping: ImportMapping,
  mappingName: string | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable('import_job')
    .set({ mapping: JSON.stringify(mapping), mapping_name: mappingName, state: 'queued', updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Keeps a mapping for a facility under a name (replacing one of the same name). */
export async function saveMapping(
  db: Kysely<DB>,
  mapping: { facilityId: string; name: string; mapping: ImportMapping; createdBy: string },
  now: Date,
): Promise<void> {
  const json = JSON.stringify(mapping.mapping);
  await db
    .insertInto('import_mapping')
    .values({
      facility_id: mapping.facilityId,
      name: mapping.name,
      mapping: json,
      created_by: mapping.createdBy,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['facility_id', 'name']).doUpdateSet({ mapping: json, updated_at: now }))
    .execute();
}

/** Cancels a job that has not ended; false when it had. */
export async function cancelOpenJob(db: Kysely<DB>, id: string, now: Date): Promise<boolean> {
  const cancelled = await db
    .updateTable('import_job')
    .set({ state: 'cancelled', locked_by: null, locked_until: null, finished_at: now, updated_at: now })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running', 'needs_mapping'])
    .executeTakeFirst();
  return Boolean(cancelled.numUpdatedRows);
}

/** The saved mappings of a facility, by name. */
export function savedMappingsOf(db: Kysely<DB>, facilityId: string) {
  return db
    .selectFrom('import_mapping')
    .select(['name', 'mapping', 'updated_at'])
    .where('facility_id', '=', facilityId)
    .orderBy('name')
    .execute();
}

/** A failed row's issue as stored. */
export interface IssueRow {
  row_number: number;
  seq: number;
  column_name: string | null;
  field: string | null;
  code: string;
  params: unknown;
}

const ISSUE_COLUMNS = ['row_number', 'seq', 'column_name', 'field', 'code', 'params'] as const;

/** A page of a job's failed rows' issues in file order, and their total. */
export async function pageIssues(
  db: Kysely<DB>,
  jobId: string,
  query: { page: number; pageSize: number },
): Promise<{ rows: IssueRow[]; total: number }> {
  const rows = await db
    .selectFrom('import_row_issue')
    .select(ISSUE_COLUMNS)
    .where('job_id', '=', jobId)
    .orderBy('row_number')
    .orderBy('seq')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const total = await db
    .selectFrom('import_row_issue')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

/** A job's issues of the rows `first` to `last`, in file order. */
export function issuesOfRows(
  db: Kysely<DB>,
  jobId: string,
  first: number,
  last: number,
): Promise<IssueRow[]> {
  return db
    .selectFrom('import_row_issue')
    .select(ISSUE_COLUMNS)
    .where('job_id', '=', jobId)
    .where('row_number', '>=', first)
    .where('row_number', '<=', last)
    .orderBy('row_number')
    .orderBy('seq')
    .execute();
}

/** Up to `limit` issues of a job after the given one, in file order (keyset pages). */
export function issuesAfter(
  db: Kysely<DB>,
  jobId: string,
  after: { row: number; seq: number },
  limit: number,
): Promise<IssueRow[]> {
  return db
    .selectFrom('import_row_issue')
    .select(ISSUE_COLUMNS)
    .where('job_id', '=', jobId)
    .where((eb) =>
      eb.or([
        eb('row_number', '>', after.row),
        eb.and([eb('row_number', '=', after.row), eb('seq', '>', after.seq)]),
      ]),
    )
    .orderBy('row_number')
    .orderBy('seq')
    .limit(limit)
    .execute();
}
