import type { Kysely, Selectable } from 'kysely';
import { missingRequiredFields } from '../../../shared/legacy/import-columns.ts';
import { isMessageCode, type Localized, localize } from '../../../shared/messages.ts';
import type { ImportField, ImportJob, ImportMapping } from '../../../shared/schemas/imports.ts';
import { AppError } from '../../app-error.ts';
import type { DB, ImportJobTable } from '../../db/schema.ts';
import { facilityInReach, type Scope, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import { csvArrivalCheck, ImportLimitError } from './file-limits.ts';
import { storeUpload, UploadTooLargeError } from './file-store.ts';
import { xlsxArrivalCheck } from './xlsx-limits.ts';

/** The largest upload accepted (a million legacy rows are about 150 MB of CSV). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type JobRow = Selectable<ImportJobTable> & {
  facility_code: string;
  facility_name: string;
  review_pending: number | null;
};

/** Which reader a file needs, from its name or content type (null: neither CSV nor XLSX). */
export function fileKindOf(filename: string, contentType: string | undefined): 'csv' | 'xlsx' | null {
  const name = filename.toLowerCase();
  if (name.endsWith('.xlsx') || contentType?.includes('spreadsheetml')) return 'xlsx';
  if (name.endsWith('.csv') || name.endsWith('.txt') || contentType?.startsWith('text/')) return 'csv';
  return null;
}

function errorOf(row: JobRow): Localized | null {
  if (!row.error_code || !isMessageCode(row.error_code)) return null;
  const detail = row.error_detail ?? '';
  return localize(row.error_code, { detail, name: detail, ...(row.error_params ?? {}) });
}

/** The API view of a job. */
export function toJob(row: JobRow): ImportJob {
  const mapping = row.mapping as ImportMapping | null;
  return {
    id: row.id,
    filename: row.filename,
    facilityCode: row.facility_code,
    facilityName: row.facility_name,
    state: row.state,
    dryRun: row.dry_run,
    counts: {
      read: row.count_read,
      imported: row.count_imported,
      skipped: row.count_skipped,
      failed: row.count_failed,
      review: row.count_review,
      personsCreated: row.persons_created,
    },
    // A dry run decides nothing: every row it would send to review still waits.
    reviewPending: row.dry_run ? row.count_review : Number(row.review_pending ?? 0),
    totalRows: row.total_rows,
    sizeBytes: Number(row.size_bytes),
    bytesRead: Number(row.bytes_read),
    encoding: row.encoding,
    mappingName: row.mapping_name,
    mapping,
    headers: row.headers as string[] | null,
    missingFields: row.state === 'needs_mapping' && mapping ? missingRequiredFields(mapping) : [],
    error: errorOf(row),
    fileDeletedAt: row.file_purged_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

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

/** A job of a facility within reach (404 otherwise). */
export async function jobInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<JobRow> {
  if (!UUID.test(id)) throw AppError.notFound();
  const row = await jobsInScope(db, scope).where('j.id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound();
  return row;
}

/** A job by id, whatever the scope (the CLI and the runner). */
export async function jobById(db: Kysely<DB>, id: string): Promise<JobRow | undefined> {
  return jobsInScope(db, { kind: 'national' }).where('j.id', '=', id).executeTakeFirst();
}

/** A facility by code within reach (404 otherwise: out of reach looks like unknown). */
export async function importFacility(db: Kysely<DB>, scope: Scope, code: string) {
  const facility = await db
    .selectFrom('facility as f')
    .select(['f.id', 'f.code', 'f.name'])
    .where('f.code', '=', code)
    .where(facilityInReach(scope))
    .executeTakeFirst();
  if (!facility) throw AppError.notFound('import.facility_unknown', { value: code });
  return facility;
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
    const existing = await db
      .selectFrom('import_job')
      .select(['id', 'error_code'])
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (existing?.error_code === 'import.upload_incomplete') {
      await db.deleteFrom('import_job').where('id', '=', existing.id).execute();
    } else if (existing) {
      for await (const _ of body) {
        // The body of a resent upload is read and dropped.
      }
      return { job: toJob(await jobInScope(db, actor.scope, existing.id)), created: false };
    }
  }
  const job = await db
    .insertInto('import_job')
    .values({
      facility_id: facility.id,
      filename: input.filename,
      sha256: '',
      size_bytes: 0,
      file_kind: kind,
      state: 'cancelled',
      error_code: 'import.upload_incomplete',
      dry_run: input.dryRun,
      mapping_name: input.mapping ?? null,
      scope: JSON.stringify(actor.scope),
      idempotency_key: key,
      created_by: actor.staffId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    const inspect = kind === 'csv' ? csvArrivalCheck() : xlsxArrivalCheck();
    const stored = await storeUpload(db, job.id, body, MAX_UPLOAD_BYTES, inspect);
    await db
      .updateTable('import_job')
      .set({
        sha256: stored.sha256,
        size_bytes: stored.size,
        state: 'queued',
        error_code: null,
        updated_at: now,
      })
      .where('id', '=', job.id)
      .execute();
  } catch (error) {
    if (error instanceof UploadTooLargeError) {
      await db.deleteFrom('import_job').where('id', '=', job.id).execute();
      throw new AppError('payload_too_large', 413, 'import.file_too_large', [], {
        maximum: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024),
      });
    }
    if (error instanceof ImportLimitError) {
      // Refused on arrival (a line or an unpacked size over the limits): no job, no stored piece.
      await db.deleteFrom('import_job').where('id', '=', job.id).execute();
      throw new AppError(error.messageCode, 422, error.messageCode, [], error.params);
    }
    throw error;
  }
  return { job: toJob(await jobInScope(db, actor.scope, job.id)), created: true };
}

/** Jobs within reach, newest first. */
export async function listJobs(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { facility?: string; limit: number; offset: number },
) {
  let base = jobsInScope(db, actor.scope);
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
  return { items: rows.map(toJob), total: Number(total.n), limit: query.limit, offset: query.offset };
}

/**
 * Sets the mapping of a job waiting for one and queues it again; every key must be a header of the
 * file, no field may take two columns, and every required field needs one. `saveAs` keeps the mapping
 * for the facility under that name (replacing one of the same name).
 */
export async function putMapping(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string,
  body: { mapping: ImportMapping; saveAs?: string },
  now: Date,
): Promise<ImportJob> {
  return db.transaction().execute(async (trx) => {
    const job = await jobInScope(trx, actor.scope, id);
    if (job.state !== 'needs_mapping') throw new AppError('import_state', 409, 'import.not_waiting_mapping');
    const headers = (job.headers as string[] | null) ?? [];
    const errors = [];
    for (const header of Object.keys(body.mapping))
      if (!headers.includes(header))
        errors.push({
          field: 'mapping',
          in: 'body',
          code: 'import.mapping_header' as const,
          params: { header },
        });
    const used = new Set<ImportField>();
    for (const field of Object.values(body.mapping)) {
      if (field && used.has(field))
        errors.push({
          field: 'mapping',
          in: 'body',
          code: 'import.mapping_twice' as const,
          params: { field },
        });
      if (field) used.add(field);
    }
    const mapping: ImportMapping = Object.fromEntries(headers.map((h) => [h, body.mapping[h] ?? null]));
    const missing = missingRequiredFields(mapping);
    if (missing.length)
      errors.push({
        field: 'mapping',
        in: 'body',
        code: 'import.mapping_missing' as const,
        params: { fields: missing.join(', ') },
      });
    if (errors.length) throw AppError.validation(errors);
    await trx
      .updateTable('import_job')
      .set({
        mapping: JSON.stringify(mapping),
        mapping_name: body.saveAs ?? null,
        state: 'queued',
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (body.saveAs)
      await trx
        .insertInto('import_mapping')
        .values({
          facility_id: job.facility_id,
          name: body.saveAs,
          mapping: JSON.stringify(mapping),
          created_by: actor.staffId,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['facility_id', 'name'])
            .doUpdateSet({ mapping: JSON.stringify(mapping), updated_at: now }),
        )
        .execute();
    return toJob(await jobInScope(trx, actor.scope, id));
  });
}

/**
 * Cancels a job that has not ended (queued, running or waiting for a mapping). A runner holding it
 * stops at its next batch: the batch's write only applies to a running job, so nothing more is
 * written; what earlier batches imported stays (each batch is whole) and a new upload of the same file
 * skips it. Audited.
 */
export async function cancelJob(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string,
  now: Date,
): Promise<ImportJob> {
  return db.transaction().execute(async (trx) => {
    const job = await jobInScope(trx, actor.scope, id);
    const cancelled = await trx
      .updateTable('import_job')
      .set({ state: 'cancelled', locked_by: null, locked_until: null, finished_at: now, updated_at: now })
      .where('id', '=', job.id)
      .where('state', 'in', ['queued', 'running', 'needs_mapping'])
      .executeTakeFirst();
    if (!cancelled.numUpdatedRows) throw new AppError('import_state', 409, 'import.not_cancellable');
    await audit.record(trx, audit.auditActorOf(actor), 'import.cancel', {
      recordType: 'import_job',
      recordId: job.id,
      details: { facilityId: job.facility_id, state: job.state, rows: job.count_read },
    });
    return toJob(await jobInScope(trx, actor.scope, id));
  });
}

/** The saved mappings of a facility within reach. */
export async function savedMappings(db: Kysely<DB>, actor: StaffActor, facilityCode: string) {
  const facility = await importFacility(db, actor.scope, facilityCode);
  const rows = await db
    .selectFrom('import_mapping')
    .select(['name', 'mapping', 'updated_at'])
    .where('facility_id', '=', facility.id)
    .orderBy('name')
    .execute();
  return {
    items: rows.map((r) => ({
      name: r.name,
      mapping: r.mapping as ImportMapping,
      updatedAt: r.updated_at.toISOString(),
    })),
  };
}

/** The failed rows' issues of a job within reach, a page at a time, in file order. */
export async function listErrors(
  db: Kysely<DB>,
  actor: StaffActor,
  id: string,
  query: { page: number; pageSize: number },
) {
  await jobInScope(db, actor.scope, id);
  const rows = await db
    .selectFrom('import_row_issue')
    .selectAll()
    .where('job_id', '=', id)
    .orderBy('row_number')
    .orderBy('seq')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const total = await db
    .selectFrom('import_row_issue')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      rowNumber: r.row_number,
      column: r.column_name,
      field: r.field as ImportField | null,
      code: r.code,
      message: issueMessage(r.code, r.params as Record<string, string | number> | null),
    })),
    total: Number(total.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The message of a row issue in both languages. */
export function issueMessage(code: string, params: Record<string, string | number> | null): Localized {
  return isMessageCode(code) ? localize(code, params ?? {}) : localize('field.invalid');
}
