import { type Kysely, sql } from 'kysely';
import type { BulkColumnType } from '../../../db/bulk-insert.ts';
import { preparedSql } from '../../../db/prepared.ts';
import type { DB } from '../../../db/schema.ts';
import type { ImportJobRow } from '../imports.repository.ts';
import { uuidFrom } from '../rows/ids.ts';
import type { Decision, StoredCandidate } from '../rows/matching.ts';
import type { RowIssue } from '../rows/row-rules.ts';
import { packedArray } from './packed-array.ts';

/** A failed row's issues, numbered. */
export interface FailedRow {
  rowNumber: number;
  issues: RowIssue[];
}

export interface BatchOutcome {
  imported: number;
  skipped: number;
  failed: number;
  review: number;
  personsCreated: number;
}

/** Counts of a batch's decisions and failed rows. */
export function countOutcome(decisions: Decision[], failed: FailedRow[]): BatchOutcome {
  const outcome = { imported: 0, skipped: 0, failed: failed.length, review: 0, personsCreated: 0 };
  for (const d of decisions) {
    if (d.kind === 'import') {
      outcome.imported++;
      if (d.newPerson) outcome.personsCreated++;
    } else if (d.kind === 'skip') outcome.skipped++;
    else if (d.kind === 'fail') outcome.failed++;
    else outcome.review++;
  }
  return outcome;
}

export interface WriteContext {
  jobId: string;
  recordedBy: string | null;
  lots: Map<string, string>;
  /** The job's facility (review items are listed by it). */
  facilityId: string;
  /** A dry run: only the failed rows' issues are written. */
  issuesOnly?: boolean;
}

/**
 * The job's move past a batch, written with it: counts and resume point, applied only while `runner`
 * holds the job and the job stands at `start`.
 */
export interface JobAdvance {
  runner: string;
  start: number;
  end: number;
  /** Bytes of the file read so far (progress). */
  bytesRead: number;
  outcome: BatchOutcome;
  now: Date;
  lockedUntil: Date;
  /** Commit without waiting for the WAL flush (PostgreSQL; see the pipeline). */
  asyncCommit: boolean;
}

/** Column lists filled row by row (no row objects in between: a batch's garbage is most of the importer's). */
function columnsOf(types: BulkColumnType[]) {
  const values: unknown[][] = types.map(() => []);
  return {
    push(...row: unknown[]) {
      for (let i = 0; i < row.length; i++) values[i].push(row[i]);
    },
    arrays() {
      return sql.join(values.map((column, i) => packedArray(column, types[i])));
    },
  };
}

/**
 * Writes a batch's outcome in ONE statement: new persons, doses (source 'import', their import key and
 * job, the lot when its number is known, no stock movement: they are historic), the persons' links to
 * the facilities, the failed rows' issues and the review items, the registrations the doses close — and,
 * given `advance`, the job's counts
 * and resume point, every insert conditional on that update (lost lease → nothing written, undefined
 * returned). One statement is one round trip and atomic by itself: a write spread over a transaction's
 * nine round trips sat a third of its time waiting for the importer, busy reading the next batch, to send
 * its next statement. Foreign keys are checked at the statement's end, so doses see the new persons.
 */
export async function writeBatch(
  db: Kysely<DB>,
  ctx: WriteContext,
  decisions: Decision[],
  failed: FailedRow[],
  advance?: JobAdvance,
): Promise<ImportJobRow | undefined> {
  const person = columnsOf(['uuid', 'text', 'text', 'date', 'text', 'text', 'text', 'text', 'text', 'text']);
  const dose = columnsOf(['uuid', 'uuid', 'text', 'uuid', 'text', 'integer', 'date', 'uuid', 'text']);
  const link = columnsOf(['uuid', 'uuid']);
  const issue = columnsOf(['integer', 'smallint', 'text', 'text', 'text', 'jsonb']);
  const review = columnsOf(['uuid', 'integer', 'text', 'jsonb', 'text', 'jsonb']);
  const addIssues = (rowNumber: number, issues: RowIssue[]) =>
    issues.forEach((i, seq) => {
      issue.push(rowNumber, seq, i.column, i.field, i.code, i.params ?? null);
    });
  for (const f of failed) addIssues(f.rowNumber, f.issues);
  const linked = new Set<string>();
  for (const d of decisions) {
    if (d.kind === 'fail') addIssues(d.row.rowNumber, [d.issue]);
    if (ctx.issuesOnly) continue;
    const { row } = d.row;
    if (d.kind === 'import') {
      if (d.newPerson)
        person.push(
          d.person.id,
          row.fullName,
          d.row.nameKey,
          row.birthDate,
          d.person.sex,
          row.cccd,
          row.cmnd,
          row.phone,
          row.unitId,
          row.addressOriginal,
        );
      const lotId = row.lotNumber ? (ctx.lots.get(`${row.vaccineCode}|${row.lotNumber}`) ?? null) : null;
      dose.push(
        d.doseId,
        d.person.id,
        row.vaccineCode,
        lotId,
        row.lotNumber,
        d.doseNumber,
        row.givenOn,
        d.row.facilityId,
        d.row.importKey,
      );
      const key = `${d.person.id}|${d.row.facilityId}`;
      if (!linked.has(key)) {
        linked.add(key);
        link.push(d.person.id, d.row.facilityId);
      }
    } else if (d.kind === 'review') {
      review.push(
        uuidFrom(`review:${d.row.importKey}`),
        d.row.rowNumber,
        d.row.importKey,
        row,
        d.reason,
        d.candidates,
      );
    }
  }
  const job = advance
    ? sql`update import_job set
          count_read = count_read + ${advance.outcome.imported + advance.outcome.skipped + advance.outcome.failed + advance.outcome.review}::int,
          count_imported = count_imported + ${advance.outcome.imported}::int,
          count_skipped = count_skipped + ${advance.outcome.skipped}::int,
          count_failed = count_failed + ${advance.outcome.failed}::int,
          count_review = count_review + ${advance.outcome.review}::int,
          persons_created = persons_created + ${advance.outcome.personsCreated}::int,
          next_row = ${advance.end}::int, bytes_read = greatest(bytes_read, ${advance.bytesRead}::bigint),
          locked_until = ${advance.lockedUntil}::timestamptz,
          updated_at = ${advance.now}::timestamptz
        where id = ${ctx.jobId}::uuid and locked_by = ${advance.runner} and state = 'running'
          and next_row = ${advance.start}::int
          ${advance.asyncCommit ? sql`and set_config('synchronous_commit', 'off', true) = 'off'` : sql``}
        returning *`
    : sql`select ${ctx.jobId}::uuid as id`;
  const name = `import_write${advance ? (advance.asyncCommit ? '_async' : '_job') : ''}`;
  const result = await sql<ImportJobRow>`${sql.raw(preparedSql(name))}
    with job as (${job}),
    persons as (
      insert into person (id, full_name, name_key, birth_date, sex, cccd, cmnd, phone, unit_id, address_line)
      select * from unnest(${person.arrays()}) where exists (select from job)
    ),
    -- Imported doses: noon in Viet Nam (the day stays the day in every time zone), the key as request hash.
    doses as (
      insert into dose (id, person_id, vaccine_code, lot_id, lot_number, dose_number, given_at, given_on,
        facility_id, source, request_hash, recorded_by, import_key, import_job_id)
      select k.id, k.person_id, k.vaccine_code, k.lot_id, k.lot_number, k.dose_number,
        (k.given_on + time '05:00') at time zone 'UTC', k.given_on, k.facility_id, 'import', k.import_key,
        ${ctx.recordedBy}::uuid, k.import_key, ${ctx.jobId}::uuid
      from unnest(${dose.arrays()})
        as k(id, person_id, vaccine_code, lot_id, lot_number, dose_number, given_on, facility_id, import_key)
      where exists (select from job)
      returning person_id, given_on
    ),
    -- A recorded dose closes the person's registration for that day (scheduled into a session on the
    -- dose's date, or checked in on it): for imports here, once per batch (migration 0015); a trigger
    -- does it for the other paths.
    closed as (
      update registration r set state = 'vaccinated', updated_at = now()
        from doses d
       where r.person_id = d.person_id
         and r.state in ('scheduled', 'checked_in')
         and (r.visit_date = d.given_on
              or exists (select 1 from vaccination_session s
                          where s.id = r.session_id and s.session_date = d.given_on))
    ),
    links as (
      insert into person_facility (person_id, facility_id, reason)
      select k.person_id, k.facility_id, 'import' from unnest(${link.arrays()}) as k(person_id, facility_id)
      where exists (select from job)
      on conflict (person_id, facility_id) do update set expires_at = null
        where person_facility.expires_at is not null
    ),
    issues as (
      insert into import_row_issue (job_id, row_number, seq, column_name, field, code, params)
      select ${ctx.jobId}::uuid, k.* from unnest(${issue.arrays()}) k where exists (select from job)
      on conflict do nothing
    ),
    reviews as (
      insert into import_review (id, job_id, row_number, import_key, facility_id, row, reason, candidates)
      select k.id, ${ctx.jobId}::uuid, k.row_number, k.import_key, ${ctx.facilityId}::uuid, k.row, k.reason,
        k.candidates
      from unnest(${review.arrays()}) as k(id, row_number, import_key, row, reason, candidates)
      where exists (select from job)
      on conflict do nothing
    )
    select * from job`.execute(db);
  return advance ? result.rows[0] : undefined;
}

/** A held row decided again: imported now (`decision`), or waiting in review for another reason. */
export interface HeldOutcome {
  reviewId: string;
  decision: Decision;
}

/**
 * Writes what deciding the held rows again gave, in one transaction guarded by the runner's hold on
 * the job: imported rows get their person and dose (as a batch would), their review items close as
 * resolved by the import itself (no staff), and the job's counts move them from review to imported;
 * rows that now wait for another reason get that reason and its candidates. An item a reviewer closed
 * meanwhile is left alone. In a dry run only the counts move. Undefined when the job was lost.
 */
export async function writeHeldOutcomes(
  db: Kysely<DB>,
  ctx: WriteContext,
  outcomes: HeldOutcome[],
  advance: { runner: string; now: Date; lockedUntil: Date },
): Promise<ImportJobRow | undefined> {
  return db
    .transaction()
    .execute(async (trx) => {
      let imports = outcomes.filter((o) => o.decision.kind === 'import');
      if (!ctx.issuesOnly) {
        const closed = new Set<string>();
        for (const o of imports) {
          const d = o.decision as Extract<Decision, { kind: 'import' }>;
          const done = await trx
            .updateTable('import_review')
            .set({
              state: 'resolved',
              resolution: d.newPerson ? 'created' : 'matched',
              person_id: d.person.id,
              dose_id: d.doseId,
              resolved_at: advance.now,
            })
            .where('id', '=', o.reviewId)
            .where('state', '=', 'pending')
            .returning('id')
            .executeTakeFirst();
          if (done) closed.add(o.reviewId);
        }
        imports = imports.filter((o) => closed.has(o.reviewId));
        for (const o of outcomes) {
          const d = o.decision;
          if (d.kind !== 'review' || d.reason === 'missing_earlier_dose') continue;
          await trx
            .updateTable('import_review')
            .set({ reason: d.reason, candidates: JSON.stringify(d.candidates satisfies StoredCandidate[]) })
            .where('id', '=', o.reviewId)
            .where('state', '=', 'pending')
            .execute();
        }
        await writeBatch(
          trx,
          ctx,
          imports.map((o) => o.decision),
          [],
        );
      }
      const created = imports.filter((o) => o.decision.kind === 'import' && o.decision.newPerson).length;
      const job = await trx
        .updateTable('import_job')
        .set((eb) => ({
          count_review: eb('count_review', '-', imports.length),
          count_imported: eb('count_imported', '+', imports.length),
          persons_created: eb('persons_created', '+', created),
          locked_until: advance.lockedUntil,
          updated_at: advance.now,
        }))
        .where('id', '=', ctx.jobId)
        .where('locked_by', '=', advance.runner)
        .where('state', '=', 'running')
        .returningAll()
        .executeTakeFirst();
      // Lost the job: roll everything back.
      if (!job) throw new HeldLostError();
      return job;
    })
    .catch((error) => {
      if (error instanceof HeldLostError) return undefined;
      throw error;
    });
}

class HeldLostError extends Error {}
