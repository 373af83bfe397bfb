import type { Insertable, Kysely } from 'kysely';
import type { ApiKeyTable, DB } from '../../db/schema.ts';

/** Stores a key (its hash). */
export function insertApiKey(db: Kysely<DB>, row: Insertable<ApiKeyTable>) {
  return db.insertInto('api_key').values(row).returning(['id', 'key_prefix']).executeTakeFirstOrThrow();
}

/** Keys with their facility, newest first. */
export function listApiKeys(db: Kysely<DB>) {
  return db
    .selectFrom('api_key as k')
    .innerJoin('facility as f', 'f.id', 'k.facility_id')
    .select(['k.id', 'k.name', 'k.key_prefix', 'k.created_at', 'k.revoked_at', 'f.name as facility_name'])
    .orderBy('k.created_at', 'desc')
    .execute();
}

/** Marks a key revoked; returns its service account, or undefined when the key does not exist. */
export function revokeApiKey(db: Kysely<DB>, id: string, now: Date) {
  return db
    .updateTable('api_key')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .returning('staff_id')
    .executeTakeFirst();
}
