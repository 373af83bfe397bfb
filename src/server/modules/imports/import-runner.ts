import { type Kysely, sql } from 'kysely';
import { maskIdentifiers } from '../../../shared/rules/privacy.ts';
import type { ImportMapping } from '../../../shared/schemas/imports.ts';
import type { DB } from '../../db/schema.ts';
import * as audit from '../audit/audit.service.ts';
import {
  countOutcome,
  type FailedRow,
  insertIssues,
  loadDoses,
  loadLookups,
  loadLots,
  writeBatch,
} from './batch-store.ts';
import { DryRunOverlay } from './dry-run.ts';

import { openJobFile } from './file-store.ts';
import { claimJob, type ImportJobRow, releaseJob, settleJob } from './job-claim.ts';
import { chooseMapping, compileColumns, rowContext } from './job-context.ts';
import { type Decision, decideDoses, decideIdentities } from './matching.ts';
import { openRowReader, type RecordBatch, type RowReader } from './readers.ts';
import { type ColumnSpec, RowChecker, type RowContext, type ValidRow } from './row-rules.ts';

export interface ImportRunOptions {
  /** Records per batch (one transaction each). */
  batchSize: number;
  /** How long a claim holds without progress; each committed batch renews it. */
  leaseMs: number;
  /** Claims of one job before it is given up as failed. */
  maxAttempts: number;
}

export const DEFAULT_IMPORT_OPTIONS: ImportRunOptions = { batchSize: 1000, leaseMs: 120_000, maxAttempts: 5 };

/** Progress after each committed batch (the CLI's bar, tests that stop a run half-way). */
export interface ImportProgress {
  job: ImportJobRow;
  bytesRead: number;
}

export interface RunHooks {
  clock?: () => Date;
  onProgress?: (progress: ImportProgress) => void;
  /** Stops between two batches (the server closing): the job is let go and resumes later. */
  signal?: AbortSignal;
}

/** Raised inside a batch when another runner holds the job now (or it was cancelled): nothing is written. */
class LostJobError extends Error {}

interface CheckedBatch extends RecordBatch {
  valid: ValidRow[];
  failed: FailedRow[];
}

async function* checkedBatches(
  reader: RowReader,
  columns: ColumnSpec[],
  ctx: RowContext,
  batchSize: number,
  skip: number,
): AsyncGenerator<CheckedBatch> {
  const checker = new RowChecker(columns, ctx);
  for await (const batch of reader.batches(batchSize, skip)) {
    const valid: ValidRow[] = [];
    const failed: FailedRow[] = [];
    for (const record of batch.records) {
      const checked = checker.check(record.rowNumber, record.cells);
      if (checked.ok) valid.push(checked.valid);
      else failed.push({ rowNumber: checked.rowNumber, issues: checked.issues });
    }
    yield { ...batch, valid, failed };
  }
}

/**
 * Commits one batch: the decisions (made inside the transaction, against what earlier batches
 * committed), their rows, and the job's counts and resume point, all together — a process killed at
 * any moment leaves either the whole batch or none of it, and a restart goes on at `next_row`.
 */
async function commitBatch(
  db: Kysely<DB>,
  job: ImportJobRow,
  runner: string,
  batch: CheckedBatch,
  overlay: DryRunOverlay | null,
  sexColumn: string | null,
  now: Date,
  leaseMs: number,
): Promise<ImportJobRow> {
  return db.transaction().execute(async (trx) => {
    // Safe without waiting for the WAL flush: a batch and the job's resume point commit together, so a
    // database crash that loses the last commits loses both and the job resumes before them.
    await sql`set local synchronous_commit = off`.execute(trx);
    let decisions: Decision[] = [];
    if (batch.valid.length) {
      const registry = await loadLookups(trx, batch.valid);
      const lookups = overlay ? overlay.augment(registry) : registry;
      const identities = decideIdentities(batch.valid, lookups, sexColumn);
      const known = [
        ...new Set(identities.flatMap((d) => (d.kind === 'import' && !d.newPerson ? [d.person.id] : []))),
      ];
      const doses = await loadDoses(trx, known);
      decisions = decideDoses(identities, (id) =>
        overlay ? overlay.dosesOf(id, doses) : (doses.get(id) ?? []),
      );
    }
    const outcome = countOutcome(decisions, batch.failed);
    if (overlay) {
      overlay.absorb(decisions);
      await insertIssues(trx, job.id, decisions, batch.failed);
    } else {
      await writeBatch(
        trx,
        {
          jobId: job.id,
          recordedBy: job.created_by,
          facilityId: job.facility_id,
          lots: await loadLots(trx, batch.valid),
        },
        decisions,
        batch.failed,
      );
    }
    const read = outcome.imported + outcome.skipped + outcome.failed + outcome.review;
    const updated = await trx
      .updateTable('import_job')
      .set((eb) => ({
        count_read: eb('count_read', '+', read),
        count_imported: eb('count_imported', '+', outcome.imported),
        count_skipped: eb('count_skipped', '+', outcome.skipped),
        count_failed: eb('count_failed', '+', outcome.failed),
        count_review: eb('count_review', '+', outcome.review),
        persons_created: eb('persons_created', '+', outcome.personsCreated),
        next_row: batch.end,
        locked_until: new Date(now.getTime() + leaseMs),
        updated_at: now,
      }))
      .where('id', '=', job.id)
      .where('locked_by', '=', runner)
      .where('state', '=', 'running')
      .where('next_row', '=', batch.start)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new LostJobError();
    return updated;
  });
}

/** Error text kept on a job: the kind of failure only, identifiers masked (no personal data). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  return maskIdentifiers(
    `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`,
  ).slice(0, 300);
}

/**
 * Runs a claimed job to its end (or to needs_mapping): reads the header row, settles the mapping, then
 * checks the records a batch ahead while the previous batch is written (parsing and validation overlap
 * the database's work), and finally marks the job done with one audit event holding its counts.
 */
export async function processJob(
  db: Kysely<DB>,
  claimed: ImportJobRow,
  runner: string,
  options: ImportRunOptions = DEFAULT_IMPORT_OPTIONS,
  hooks: RunHooks = {},
): Promise<ImportJobRow['state']> {
  const clock = hooks.clock ?? (() => new Date());
  let reader: RowReader | undefined;
  let job = claimed;
  try {
    try {
      reader = await openRowReader(openJobFile(db, job), job.file_kind);
    } catch (error) {
      await settleJob(db, job.id, runner, clock(), {
        state: 'failed',
        error_code: 'import.file_unreadable',
        error_detail: errorText(error),
      });
      return 'failed';
    }
    if (!reader.headers.some((h) => h !== '')) {
      await settleJob(db, job.id, runner, clock(), {
        state: 'failed',
        error_code: 'import.file_empty',
        error_detail: null,
      });
      return 'failed';
    }
    const headers = reader.headers;
    const choice = await chooseMapping(db, job as never, headers);
    const info = { headers: JSON.stringify(headers), encoding: reader.encoding, charset: reader.charset };
    if (!choice.ok) {
      if ('unknownName' in choice) {
        await db.updateTable('import_job').set(info).where('id', '=', job.id).execute();
        await settleJob(db, job.id, runner, clock(), {
          state: 'failed',
          error_code: 'import.mapping_unknown',
          error_detail: choice.unknownName,
        });
        return 'failed';
      }
      await db
        .updateTable('import_job')
        .set({ ...info, mapping: JSON.stringify(choice.suggestion) })
        .where('id', '=', job.id)
        .execute();
      await settleJob(db, job.id, runner, clock(), { state: 'needs_mapping' });
      return 'needs_mapping';
    }
    job = await db
      .updateTable('import_job')
      .set({ ...info, mapping: JSON.stringify(choice.mapping), mapping_name: choice.mappingName })
      .where('id', '=', job.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const columns = compileColumns(headers, choice.mapping as ImportMapping);
    const sexColumn = columns.find((c) => c.field === 'sex')?.header ?? null;
    const ctx = await rowContext(db, job as never, clock());
    const overlay = job.dry_run ? new DryRunOverlay() : null;
    if (overlay && job.next_row > 0) {
      // A dry run keeps its state in memory: after a restart it starts again from the first row.
      job = await db
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
        .where('id', '=', job.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await db.deleteFrom('import_row_issue').where('job_id', '=', job.id).execute();
    }
    const batches = checkedBatches(reader, columns, ctx, options.batchSize, job.next_row);
    let pending = batches.next();
    pending.catch(() => undefined);
    for (;;) {
      const next = await pending;
      if (next.done) break;
      if (hooks.signal?.aborted) {
        await releaseJob(db, job.id, runner, clock());
        return 'running';
      }
      // The next batch is read and checked while this one is written.
      pending = batches.next();
      pending.catch(() => undefined);
      job = await commitBatch(db, job, runner, next.value, overlay, sexColumn, clock(), options.leaseMs);
      hooks.onProgress?.({ job, bytesRead: reader.bytesRead() });
    }
    const finished = await db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('import_job')
        .set((eb) => ({
          state: 'done',
          total_rows: eb.ref('count_read'),
          locked_by: null,
          locked_until: null,
          finished_at: clock(),
          updated_at: clock(),
        }))
        .where('id', '=', job.id)
        .where('locked_by', '=', runner)
        .returningAll()
        .executeTakeFirst();
      if (!done) return null;
      await audit.record(
        trx,
        done.created_by
          ? { kind: 'staff', id: done.created_by, label: 'import' }
          : { kind: 'system', label: 'sskdt import' },
        done.dry_run ? 'import.dry_run' : 'import.run',
        {
          recordType: 'import_job',
          recordId: done.id,
          details: {
            facilityId: done.facility_id,
            filename: done.filename,
            rows: done.count_read,
            imported: done.count_imported,
            skipped: done.count_skipped,
            failed: done.count_failed,
            review: done.count_review,
            personsCreated: done.persons_created,
          },
        },
      );
      return done;
    });
    if (finished) hooks.onProgress?.({ job: finished, bytesRead: reader.bytesRead() });
    return finished ? 'done' : 'running';
  } catch (error) {
    if (error instanceof LostJobError) return 'running';
    const now = clock();
    const unreadable = (error as { name?: string }).name === 'CsvError';
    if (unreadable || job.attempts >= options.maxAttempts) {
      await settleJob(db, job.id, runner, now, {
        state: 'failed',
        error_code: unreadable ? 'import.file_unreadable' : 'import.job_failed',
        error_detail: errorText(error),
      });
      return 'failed';
    }
    await db
      .updateTable('import_job')
      .set({ error_detail: errorText(error) })
      .where('id', '=', job.id)
      .execute();
    await releaseJob(db, job.id, runner, now);
    throw error;
  } finally {
    reader?.close();
  }
}

/**
 * One pass: claims a runnable job and runs it to its end. Returns the job's id and final state, or
 * null when there was nothing to run.
 */
export async function runNextJob(
  db: Kysely<DB>,
  runner: string,
  filter: { jobId?: string; localFiles: boolean },
  options: ImportRunOptions = DEFAULT_IMPORT_OPTIONS,
  hooks: RunHooks = {},
): Promise<{ id: string; state: ImportJobRow['state'] } | null> {
  const now = (hooks.clock ?? (() => new Date()))();
  const job = await claimJob(db, runner, now, options.leaseMs, filter);
  if (!job) return null;
  return { id: job.id, state: await processJob(db, job, runner, options, hooks) };
}
