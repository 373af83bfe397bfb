import type { Insertable, Kysely } from 'kysely';
import type { DB, NotificationTable } from '../../db/schema.ts';

/** The SQL of the in-app inbox (`notification`). */

export async function insertMessage(db: Kysely<DB>, row: Insertable<NotificationTable>) {
  await db.insertInto('notification').values(row).execute();
}

/** An account's messages, newest first. */
export function messagesOf(db: Kysely<DB>, accountId: string, limit: number) {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Marks an account's messages read. */
export async function markRead(db: Kysely<DB>, accountId: string, ids: string[], now: Date) {
  await db
    .updateTable('notification')
    .set({ read_at: now })
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
}

/** What an account was told about a person (for the member's data export), oldest first as stored. */
export function messagesAbout(db: Kysely<DB>, accountId: string, personId: string) {
  return db
    .selectFrom('notification')
    .select(['kind', 'title_vi', 'title_en', 'created_at'])
    .where('person_id', '=', personId)
    .where('account_id', '=', accountId)
    .execute();
}
