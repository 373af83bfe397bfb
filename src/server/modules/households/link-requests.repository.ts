import type { Kysely } from 'kysely';
import type { DB, Relationship } from '../../db/schema.ts';

/** A new pending request to link a person (by CCCD) to a household. */
export async function insertRequest(
  db: Kysely<DB>,
  row: {
    id: string;
    account_id: string;
    person_id: string | null;
    cccd: string;
    claimed: Record<string, unknown>;
    relationship: Relationship;
    code_hash: string | null;
    created_at: Date;
    expires_at: Date;
  },
) {
  return db
    .insertInto('household_link_request')
    .values({ ...row, claimed: JSON.stringify(row.claimed) })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** An account's request, locked for this transaction (two confirmations must not both pass). */
export function lockRequestOfAccount(db: Kysely<DB>, accountId: string, id: string) {
  return db
    .selectFrom('household_link_request')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
}

/** Any request, locked (staff confirmation). */
export function lockRequest(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('household_link_request')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Counts a wrong code; returns the attempts so far. */
export async function addAttempt(db: Kysely<DB>, id: string): Promise<number> {
  const row = await db
    .updateTable('household_link_request')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

/** Ends a request: confirmed (with the person linked), rejected or cancelled. */
export async function decide(
  db: Kysely<DB>,
  id: string,
  state: 'confirmed' | 'rejected' | 'cancelled',
  now: Date,
  extra: { decided_by?: string | null; linked_person_id?: string | null } = {},
) {
  await db
    .updateTable('household_link_request')
    .set({ state, decided_at: now, ...extra })
    .where('id', '=', id)
    .execute();
}

/** The account's pending, unexpired requests, newest first. */
export function pendingOfAccount(db: Kysely<DB>, accountId: string, now: Date) {
  return db
    .selectFrom('household_link_request')
    .select(['id', 'claimed', 'relationship', 'created_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('state', '=', 'pending')
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Pending, unexpired requests for a CCCD (staff who hold the card). */
export function pendingForCccd(db: Kysely<DB>, cccd: string, now: Date) {
  return db
    .selectFrom('household_link_request as r')
    .innerJoin('citizen_account as a', 'a.id', 'r.account_id')
    .select(['r.id', 'r.person_id', 'r.claimed', 'r.relationship', 'r.created_at', 'r.expires_at', 'a.phone'])
    .where('r.cccd', '=', cccd)
    .where('r.state', '=', 'pending')
    .where('r.expires_at', '>', now)
    .orderBy('r.created_at', 'desc')
    .limit(20)
    .execute();
}

/**
 * Deletes link requests (with the name and birth date the asker typed) that expired or were decided
 * before `before`. The audit trail keeps that they happened.
 */
export async function deleteEnded(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('household_link_request')
    .where('expires_at', '<', before)
    .where((eb) => eb.or([eb('decided_at', 'is', null), eb('decided_at', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
