import type { Kysely } from 'kysely';
import { maskIdentifiers } from '../../../../shared/rules/privacy.ts';
import type { ImportMapping } from '../../../../shared/schemas/imports.ts';
import type { DB } from '../../../db/schema.ts';
import * as audit from '../../audit/audit.service.ts';
import type { ImportJobRow } from '../imports.repository.ts';
import { ImportLimitError } from '../upload/file-limits.ts';
import { openJobFile } from '../upload/file-store.ts';
import { openRowReader, type RowReader } from '../upload/readers.ts';
import { LostJobError, runPipeline } from './batch-pipeline.ts';
import * as jobs from './job.repository.ts';
import { claimJob, releaseJob, settleJob } from './job-lease.repository.ts';
import { chooseMapping, compileColumns, rowContext } from './job-setup.ts';

export interface ImportRunOptions {
  /** Records per batch (one transaction each). */
  batchSize: number;
  /** How long a claim holds without progress; each committed batch renews it. */
  leaseMs: number;
  /** Claims of one job before it is given up as failed. */
  maxAttempts: number;
  /** Batches commit without waiting for the WAL flush: only on PostgreSQL (see batch-pipeline.ts). */
  asyncCommit?: boolean;
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

/** Error text kept on a job: the kind of failure only, identifiers masked (no personal data). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  return maskIdentifiers(
    `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`,
  ).slice(0, 300);
}

/** How a job that could not go on is settled: a limit's own message, or `code` with the error's text. */
function failure(error: unknown, code: string) {
  if (error instanceof ImportLimitError)
    return {
      state: 'failed' as const,
      error_code: error.messageCode,
      error_detail: null,
      error_params: JSON.stringify(error.params),
    };
  return { state: 'failed' as const, error_code: code, error_detail: errorText(error) };
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
      reader = await openRowReader(() => openJobFile(db, job), job.file_kind);
    } catch (error) {
      await settleJob(db, job.id, runner, clock(), failure(error, 'import.file_unreadable'));
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
        await jobs.setFileInfo(db, job.id, info);
        await settleJob(db, job.id, runner, clock(), {
          state: 'failed',
          error_code: 'import.mapping_unknown',
          error_detail: choice.unknownName,
        });
        return 'failed';
      }
      await jobs.setFileInfo(db, job.id, { ...info, mapping: JSON.stringify(choice.suggestion) });
      await settleJob(db, job.id, runner, clock(), { state: 'needs_mapping' });
      return 'needs_mapping';
    }
    job = await jobs.setFileInfoReturning(db, job.id, {
      ...info,
      mapping: JSON.stringify(choice.mapping),
      mapping_name: choice.mappingName,
    });
    const columns = compileColumns(headers, choice.mapping as ImportMapping);
    const ctx = await rowContext(db, job as never, clock());
    if (job.dry_run && job.next_row > 0) {
      // A dry run keeps its state in memory: after a restart it starts again from the first row.
      job = await jobs.restartDryRun(db, job.id);
    }
    const last = await runPipeline(db, {
      job,
      runner,
      reader,
      columns,
      ctx,
      batchSize: options.batchSize,
      leaseMs: options.leaseMs,
      asyncCommit: options.asyncCommit ?? false,
      clock,
      signal: hooks.signal,
      onCommitted: (committed) => hooks.onProgress?.({ job: committed, bytesRead: reader!.bytesRead() }),
    });
    if (!last) {
      await releaseJob(db, job.id, runner, clock());
      return 'running';
    }
    job = last;
    const finished = await db.transaction().execute(async (trx) => {
      const done = await jobs.finishJob(trx, job.id, runner, clock());
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
    // A file past a limit or not CSV at all fails as it is: another attempt would read the same bytes.
    const unreadable = (error as { name?: string }).name === 'CsvError';
    if (unreadable || error instanceof ImportLimitError || job.attempts >= options.maxAttempts) {
      await settleJob(
        db,
        job.id,
        runner,
        now,
        failure(error, unreadable ? 'import.file_unreadable' : 'import.job_failed'),
      );
      return 'failed';
    }
    await jobs.setErrorDetail(db, job.id, errorText(error));
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
