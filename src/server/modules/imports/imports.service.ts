import type { Kysely } from 'kysely';
import { missingRequiredFields } from '../../../shared/legacy/import-columns.ts';
import { isMessageCode, type Localized, localize } from '../../../shared/messages.ts';
import type { ImportField, ImportJob, ImportMapping } from '../../../shared/schemas/imports.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import type { Scope, StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as repo from './imports.repository.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function errorOf(row: repo.JobViewRow): Localized | null {
  if (!row.error_code || !isMessageCode(row.error_code)) return null;
  const detail = row.error_detail ?? '';
  return localize(row.error_code, { detail, name: detail, ...(row.error_params ?? {}) });
}

/** The API view of a job. */
export function toJob(row: repo.JobViewRow): ImportJob {
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

/** A job of a facility within reach (404 otherwise). */
export async function jobInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<repo.JobViewRow> {
  if (!UUID.test(id)) throw AppError.notFound();
  const row = await repo.findJobInScope(db, scope, id);
  if (!row) throw AppError.notFound();
  return row;
}

/** One job within reach, as the API shows it. */
export async function jobOf(db: Kysely<DB>, actor: StaffActor, id: string): Promise<ImportJob> {
  return toJob(await jobInScope(db, actor.scope, id));
}

/** A facility by code within reach (404 otherwise: out of reach looks like unknown). */
export async function importFacility(db: Kysely<DB>, scope: Scope, code: string) {
  const facility = await repo.findFacilityInScope(db, scope, code);
  if (!facility) throw AppError.notFound('import.facility_unknown', { value: code });
  return facility;
}

/** Jobs within reach, newest first. */
export async function listJobs(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { facility?: string; limit: number; offset: number },
) {
  const { rows, total } = await repo.pageJobs(db, actor.scope, query);
  return { items: rows.map(toJob), total, limit: query.limit, offset: query.offset };
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
    await repo.queueWithMapping(trx, id, mapping, body.saveAs ?? null, now);
    if (body.saveAs)
      await repo.saveMapping(
        trx,
        { facilityId: job.facility_id, name: body.saveAs, mapping, createdBy: actor.staffId },
        now,
      );
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
    if (!(await repo.cancelOpenJob(trx, job.id, now)))
      throw new AppError('import_state', 409, 'import.not_cancellable');
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
  const rows = await repo.savedMappingsOf(db, facility.id);
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
  const { rows, total } = await repo.pageIssues(db, id, query);
  return {
    items: rows.map((r) => ({
      rowNumber: r.row_number,
      column: r.column_name,
      field: r.field as ImportField | null,
      code: r.code,
      message: issueMessage(r.code, r.params as Record<string, string | number> | null),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * The job whose error report a reader asks for, within reach and with its file still stored (410 once
 * the retention job deleted it: the failed rows' issues stay, the rows as read came from the file).
 * Audited.
 */
export async function reportJob(db: Kysely<DB>, actor: StaffActor, id: string): Promise<repo.JobViewRow> {
  const job = await jobInScope(db, actor.scope, id);
  if (job.file_purged_at) throw new AppError('file_purged', 410, 'import.file_purged');
  await audit.record(db, audit.auditActorOf(actor), 'import.report', {
    recordType: 'import_job',
    recordId: job.id,
  });
  return job;
}

/** The message of a row issue in both languages. */
export function issueMessage(code: string, params: Record<string, string | number> | null): Localized {
  return isMessageCode(code) ? localize(code, params ?? {}) : localize('field.invalid');
}
