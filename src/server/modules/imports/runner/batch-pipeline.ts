import type { Kysely } from 'kysely';
import { searchKey } from '../../../../shared/rules/vietnamese-text.ts';
import type { NormalizedRow } from '../../../../shared/schemas/imports.ts';
import type { DB } from '../../../db/schema.ts';
import { isNational, personsInReach, type Scope } from '../../../policy/index.ts';
import type { ImportJobRow } from '../imports.repository.ts';
import { type BatchLookups, type Decision, decideBatch, nameBirthKey } from '../rows/matching.ts';
import { type ColumnSpec, RowChecker, type RowContext, type ValidRow } from '../rows/row-rules.ts';
import type { RecordBatch, RowReader } from '../upload/readers.ts';
import { loadDoses, loadHeld, loadLookups, loadLots, personsDosedAt } from './batch-lookups.repository.ts';
import { BatchOverlay } from './batch-overlay.ts';
import {
  type BatchOutcome,
  countOutcome,
  type FailedRow,
  type HeldOutcome,
  writeBatch,
  writeHeldOutcomes,
} from './batch-write.repository.ts';

/** Raised when another runner holds the job now (or it was cancelled): the batch wrote nothing. */
export class LostJobError extends Error {}

interface CheckedBatch extends RecordBatch {
  valid: ValidRow[];
  failed: FailedRow[];
}

interface PreparedBatch {
  batch: CheckedBatch;
  decisions: Decision[];
  outcome: BatchOutcome;
  lots: Map<string, string>;
}

/** The file's batches with every row checked (done ahead, while earlier batches are written). */
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
 * Which of the batch's registry candidates the importer may match: those within the job's reach (the
 * importer's, kept on the job; null for the CLI's national imports) and those already vaccinated at the
 * job's facility (its own people, e.g. dose 2 of a person whose dose 1 an earlier batch recorded).
 */
async function reachOfBatch(
  db: Kysely<DB>,
  job: Pick<ImportJobRow, 'scope' | 'facility_id'>,
  lookups: BatchLookups,
  rows: ValidRow[],
): Promise<Set<string> | undefined> {
  const scope = job.scope as Scope | null;
  if (!scope || isNational(scope)) return undefined;
  const ids = new Set<string>();
  for (const { row, nameKey } of rows) {
    if (row.cccd) {
      const holder = lookups.byCccd.get(row.cccd);
      if (holder) ids.add(holder.id);
    }
    for (const p of lookups.byNameBirth.get(nameBirthKey(nameKey, row.birthDate)) ?? []) ids.add(p.id);
  }
  if (!ids.size) return new Set();
  const reach = await personsInReach(db, scope, [...ids]);
  const others = [...ids].filter((id) => !reach.has(id));
  if (!others.length) return reach;
  for (const id of await personsDosedAt(db, job.facility_id, others)) reach.add(id);
  return reach;
}

/**
 * Decides a batch against the registry — as committed, plus what the batch before it is writing right
 * now (`overlay`: its new persons, doses and keys; a lookup may or may not already see them, the
 * overlay dedupes) — so the lookups of batch n+1 run on another connection while batch n is written.
 * `held`: import keys of rows held in review decided again (their own review items do not skip them).
 */
async function decideRows(
  db: Kysely<DB>,
  valid: ValidRow[],
  overlay: BatchOverlay | null,
  sexColumn: string | null,
  job: Pick<ImportJobRow, 'dry_run' | 'scope' | 'facility_id'>,
  held?: ReadonlySet<string>,
): Promise<{ decisions: Decision[]; lots: Map<string, string> }> {
  if (!valid.length) return { decisions: [], lots: new Map() };
  const registry = await loadLookups(db, valid, held);
  registry.inReach = await reachOfBatch(db, job, registry, valid);
  let lookups = overlay ? overlay.augment(registry) : registry;
  if (held) {
    const queued = lookups.reviewKeys;
    lookups = { ...lookups, reviewKeys: { has: (k) => !held.has(k) && queued.has(k) } };
  }
  const decisions = await decideBatch(valid, lookups, sexColumn, async (known) => {
    const doses = await loadDoses(db, known);
    return (id) => (overlay ? overlay.dosesOf(id, doses) : (doses.get(id) ?? []));
  });
  return { decisions, lots: job.dry_run ? new Map() : await loadLots(db, valid) };
}

async function prepareBatch(
  db: Kysely<DB>,
  batch: CheckedBatch,
  overlay: BatchOverlay | null,
  sexColumn: string | null,
  job: Pick<ImportJobRow, 'dry_run' | 'scope' | 'facility_id'>,
): Promise<PreparedBatch> {
  const { decisions, lots } = await decideRows(db, batch.valid, overlay, sexColumn, job);
  return { batch, decisions, outcome: countOutcome(decisions, batch.failed), lots };
}

const isHeld = (d: Decision) => d.kind === 'review' && d.reason === 'missing_earlier_dose';

/**
 * Once every batch is in, decides again the rows held in review for a missing earlier dose (the file
 * may bring a person's dose 1 after their dose 2, in a later batch): those whose earlier dose is now on
 * record are imported, their review items closed and the job's counts moved from review to imported.
 * A real import reads the held rows from the review queue (so a resumed job finds them too); a dry run
 * keeps them in memory (`dryHeld`) and decides them against its overlay. Re-run after a crash, it
 * only finds the items still pending.
 */
async function releaseHeld(
  db: Kysely<DB>,
  options: PipelineOptions,
  start: ImportJobRow,
  sexColumn: string | null,
  dryOverlay: BatchOverlay | null,
  dryHeld: ValidRow[],
): Promise<ImportJobRow> {
  let job = start;
  const { ctx } = options;
  const write = async (outcomes: HeldOutcome[], lots: Map<string, string>) => {
    if (!outcomes.length) return;
    const now = options.clock();
    const updated = await writeHeldOutcomes(
      db,
      {
        jobId: job.id,
        recordedBy: job.created_by,
        facilityId: job.facility_id,
        lots,
        issuesOnly: job.dry_run,
      },
      outcomes,
      { runner: options.runner, now, lockedUntil: new Date(now.getTime() + options.leaseMs) },
    );
    if (!updated) throw new LostJobError();
    job = updated;
    options.onCommitted(job);
  };
  if (dryOverlay) {
    for (let i = 0; i < dryHeld.length; i += options.batchSize) {
      const rows = dryHeld.slice(i, i + options.batchSize);
      const keys = new Set(rows.map((r) => r.importKey));
      const { decisions } = await decideRows(db, rows, dryOverlay, sexColumn, job, keys);
      dryOverlay.absorb(decisions);
      await write(
        decisions.flatMap((decision) => (decision.kind === 'import' ? [{ reviewId: '', decision }] : [])),
        new Map(),
      );
    }
    return job;
  }
  let after = -1;
  for (;;) {
    const items = await loadHeld(db, job.id, after, options.batchSize);
    if (!items.length) return job;
    after = items[items.length - 1].row_number;
    const byKey = new Map(items.map((item) => [item.import_key, item.id]));
    const rows: ValidRow[] = items.map((item) => {
      const row = item.row as unknown as NormalizedRow;
      return {
        rowNumber: item.row_number,
        row,
        nameKey: searchKey(row.fullName),
        facilityId: ctx.facilities.get(row.facilityCode.toUpperCase())?.id ?? ctx.facility.id,
        importKey: item.import_key,
      };
    });
    const { decisions, lots } = await decideRows(db, rows, null, sexColumn, job, new Set(byKey.keys()));
    await write(
      decisions.flatMap((decision) =>
        decision.kind === 'import' || (decision.kind === 'review' && !isHeld(decision))
          ? [{ reviewId: byKey.get(decision.row.importKey)!, decision }]
          : [],
      ),
      lots,
    );
  }
}

/**
 * Commits a prepared batch: its rows (nothing but the failed rows' issues in a dry run) and the job's
 * counts and resume point, in one statement — a process killed at any moment leaves either the whole
 * batch or none of it, and a restart goes on at `next_row`. It only applies while this runner holds the
 * job and the job stands where the batch starts.
 */
async function writePrepared(
  db: Kysely<DB>,
  job: ImportJobRow,
  runner: string,
  prepared: PreparedBatch,
  now: Date,
  leaseMs: number,
  asyncCommit: boolean,
  bytesRead: number,
): Promise<ImportJobRow> {
  const { batch, decisions, outcome } = prepared;
  const updated = await writeBatch(
    db,
    {
      jobId: job.id,
      recordedBy: job.created_by,
      facilityId: job.facility_id,
      lots: prepared.lots,
      issuesOnly: job.dry_run,
    },
    decisions,
    batch.failed,
    {
      runner,
      start: batch.start,
      end: batch.end,
      bytesRead,
      outcome,
      now,
      lockedUntil: new Date(now.getTime() + leaseMs),
      // PostgreSQL need not wait for the WAL flush: a batch and the job's resume point commit together,
      // so a database crash that loses the last commits loses both and the job resumes before them. (Not
      // on PGlite: with no WAL writer of its own, a killed process would lose every batch since the last
      // flush.)
      asyncCommit,
    },
  );
  if (!updated) throw new LostJobError();
  return updated;
}

export interface PipelineOptions {
  job: ImportJobRow;
  runner: string;
  reader: RowReader;
  columns: ColumnSpec[];
  ctx: RowContext;
  batchSize: number;
  leaseMs: number;
  /** Commit batches without waiting for the WAL flush (PostgreSQL only). */
  asyncCommit: boolean;
  clock: () => Date;
  signal?: AbortSignal;
  onCommitted: (job: ImportJobRow) => void;
}

/**
 * Runs the job's remaining batches as a pipeline: batch n+2 is read and checked, batch n+1 looked up
 * and decided, while batch n is written; writes stay strictly in order. Returns the job after the last
 * commit, or null when stopped by the signal (the job is then let go by the caller).
 */
export async function runPipeline(db: Kysely<DB>, options: PipelineOptions): Promise<ImportJobRow | null> {
  const { runner, clock, leaseMs } = options;
  let job = options.job;
  const sexColumn = options.columns.find((c) => c.field === 'sex')?.header ?? null;
  // A dry run remembers every batch's would-be writes; a real import only the batch being written.
  const dryOverlay = job.dry_run ? new BatchOverlay() : null;
  // A dry run's rows held for a missing earlier dose (a real import finds them in the review queue).
  const dryHeld: ValidRow[] = [];
  const batches = checkedBatches(
    options.reader,
    options.columns,
    options.ctx,
    options.batchSize,
    job.next_row,
  );
  let writing: Promise<ImportJobRow> | null = null;
  let writingDecisions: Decision[] = [];
  try {
    for await (const batch of batches) {
      // PGlite answers without real I/O: without this turn of the event loop a job would be one chain
      // of microtasks and the server would accept no request until it ended (import-responsive.test.ts).
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) break;
      let overlay = dryOverlay;
      if (!overlay && writing) {
        overlay = new BatchOverlay();
        overlay.absorb(writingDecisions);
      }
      const prepared = await prepareBatch(db, batch, overlay, sexColumn, job);
      if (dryOverlay) {
        dryOverlay.absorb(prepared.decisions);
        for (const d of prepared.decisions) if (isHeld(d)) dryHeld.push(d.row);
      }
      if (writing) {
        job = await writing;
        writing = null;
        options.onCommitted(job);
        if (options.signal?.aborted) return null;
      }
      writing = writePrepared(
        db,
        job,
        runner,
        prepared,
        clock(),
        leaseMs,
        options.asyncCommit,
        options.reader.bytesRead(),
      );
      writing.catch(() => undefined);
      writingDecisions = prepared.decisions;
    }
    if (writing) {
      job = await writing;
      writing = null;
      options.onCommitted(job);
    }
    if (options.signal?.aborted) return null;
    return await releaseHeld(db, options, job, sexColumn, dryOverlay, dryHeld);
  } finally {
    // A failure while preparing must not leave a write running behind the caller's back.
    if (writing) await (writing as Promise<ImportJobRow>).catch(() => undefined);
  }
}
