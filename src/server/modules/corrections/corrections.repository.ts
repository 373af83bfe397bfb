import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CorrectionRequestTable, CorrectionStatus, DB } from '../../db/schema.ts';
import { personInReach, type Scope } from '../../policy/index.ts';

function base(db: Kysely<DB>) {
  return db
    .selectFrom('correction_request as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('staff_user as u', 'u.id', 'r.decided_by')
    .leftJoin('admin_unit as c', 'c.id', 'p.unit_id')
    .leftJoin('stored_file as f', 'f.id', 'r.document_id')
    .selectAll('r')
    .select([
      'p.full_name as person_name',
      'u.display_name as decided_by_name',
      'c.name as unit_name',
      'f.purged_at as document_purged_at',
    ]);
}

/** A citizen's requests: those made by the account. */
export function listForAccount(db: Kysely<DB>, accountId: string) {
  return base(db).where('r.account_id', '=', accountId).orderBy('r.created_at', 'desc').execute();
}

/** The staff queue: requests about persons inside the scope. */
export function listForScope(
  db: Kysely<DB>,
  scope: Scope,
  status: CorrectionStatus | undefined,
  limit: number,
) {
  let query = base(db).where(personInReach(scope));
  if (status) query = query.where('r.status', '=', status as CorrectionStatus);
  return query.orderBy('r.created_at').limit(limit).execute();
}

/** One request inside the scope, locked for a decision. */
export function findInScopeForUpdate(db: Kysely<DB>, id: string, scope: Scope) {
  return base(db).where('r.id', '=', id).where(personInReach(scope)).forUpdate('r').executeTakeFirst();
}

/** One request of an account. */
export function findForAccount(db: Kysely<DB>, id: string, accountId: string) {
  return base(db).where('r.id', '=', id).where('r.account_id', '=', accountId).executeTakeFirst();
}

/** An open request on the same field of the same person. */
export function findOpen(db: Kysely<DB>, personId: string, field: string) {
  return db
    .selectFrom('correction_request')
    .select('id')
    .where('person_id', '=', personId)
    .where('field', '=', field as CorrectionRequestTable['field'])
    .where('status', 'in', ['pending', 'needs_info'])
    .executeTakeFirst();
}

/** Stores a new request. */
export function insertRequest(db: Kysely<DB>, row: Insertable<CorrectionRequestTable>) {
  return db.insertInto('correction_request').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Changes a request. */
export async function updateRequest(db: Kysely<DB>, id: string, changes: Updateable<CorrectionRequestTable>) {
  await db.updateTable('correction_request').set(changes).where('id', '=', id).execute();
}
