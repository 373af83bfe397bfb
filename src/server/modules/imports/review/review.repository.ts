import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { facilityInReach, personInReach, type Scope } from '../../../policy/index.ts';

/** The SQL of the review queue: items within reach, their candidates as shown, their decisions. */

function reviewsInScope(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('import_review as r')
    .innerJoin('facility as f', 'f.id', 'r.facility_id')
    .selectAll('r')
    .where(facilityInReach(scope));
}

export type ReviewRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof reviewsInScope>['executeTakeFirst']>>
>;

/** A review item of a facility within the scope; `lock` takes it FOR UPDATE (a decision). */
export function findReview(db: Kysely<DB>, scope: Scope, id: string, lock = false) {
  return reviewsInScope(db, scope)
    .where('r.id', '=', id)
    .$if(lock, (q) => q.forUpdate('r'))
    .executeTakeFirst();
}

/** A page of review items within the scope (one job's, or all) in a state, oldest first, and their total. */
export async function pageReviews(
  db: Kysely<DB>,
  scope: Scope,
  query: { jobId?: string; state: 'pending' | 'resolved' | 'rejected'; page: number; pageSize: number },
): Promise<{ rows: ReviewRow[]; total: number }> {
  let base = reviewsInScope(db, scope).where('r.state', '=', query.state);
  if (query.jobId) base = base.where('r.job_id', '=', query.jobId);
  const rows = await base
    .orderBy('r.created_at')
    .orderBy('r.row_number')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const total = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

/** What a reviewer sees of candidate persons (already filtered to those within reach). */
export function candidatePersons(db: Kysely<DB>, ids: string[]) {
  return db
    .selectFrom('person as p')
    .leftJoin('admin_unit as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.full_name', 'p.birth_date', 'p.sex', 'p.cccd', 'p.phone', 'u.name as unit_name'])
    .where('p.id', 'in', ids)
    .execute();
}

/** Closes a review item with its decision. */
export async function closeReview(
  db: Kysely<DB>,
  id: string,
  decision: {
    state: 'resolved' | 'rejected';
    resolution: 'matched' | 'created' | 'rejected';
    personId: string | null;
    doseId: string | null;
    resolvedBy: string;
  },
  now: Date,
): Promise<void> {
  await db
    .updateTable('import_review')
    .set({
      state: decision.state,
      resolution: decision.resolution,
      person_id: decision.personId,
      dose_id: decision.doseId,
      resolved_by: decision.resolvedBy,
      resolved_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export function facilityIdByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('facility').select('id').where('code', '=', code).executeTakeFirst();
}

/** An active person within the scope, with the facts matching compares. */
export function personInScope(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('person as p')
    .select(['p.id', 'p.name_key', 'p.birth_date', 'p.sex', 'p.cccd', 'p.phone', 'p.cmnd', 'p.unit_id'])
    .where('p.id', '=', id)
    .where('p.merged_into', 'is', null)
    .where(personInReach(scope))
    .executeTakeFirst();
}

/** The active person holding a CCCD, whatever the scope. */
export function cccdHolder(db: Kysely<DB>, cccd: string) {
  return db
    .selectFrom('person')
    .select('id')
    .where('cccd', '=', cccd)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
}
