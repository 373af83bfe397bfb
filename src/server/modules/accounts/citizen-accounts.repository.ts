import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * The citizen accounts (`citizen_account`) as other modules need them: households mark one deleted or
 * create a demo one, notifications read where to send and lock one while its devices change. Sign-in
 * creates accounts in `otp.repository.ts` (one statement with the session and the audit row).
 */

/** Where to reach an account: its phone and language, and whether it was deleted. */
export function contactOf(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('citizen_account')
    .select(['phone', 'lang', 'deleted_at'])
    .where('id', '=', accountId)
    .executeTakeFirst();
}

/** An account's phone (it must exist). */
export function phoneOf(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('citizen_account')
    .select('phone')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
}

/** Locks an account's row until the transaction ends: one change at a time to what hangs off it. */
export async function lockAccount(db: Kysely<DB>, accountId: string) {
  await db.selectFrom('citizen_account').select('id').where('id', '=', accountId).forUpdate().execute();
}

/** Marks an account deleted. */
export async function markDeleted(db: Kysely<DB>, accountId: string, now: Date) {
  await db.updateTable('citizen_account').set({ deleted_at: now }).where('id', '=', accountId).execute();
}

/** A new citizen account for a phone (demo data; real accounts are created at first sign-in). */
export function insertAccount(db: Kysely<DB>, phone: string) {
  return db.insertInto('citizen_account').values({ phone }).returning('id').executeTakeFirstOrThrow();
}
