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
    .select([
      'k.id',
      'k.name',
      'k.key_prefix',
      'k.created_at',
      'k.revoked_at',
      'k.expires_at',
      'k.last_used_at',
      'f.name as facility_name',
      'f.code as facility_code',
    ])
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

/**
 * Brings a live key's expiry forward to `at` (never later than it already was); undefined when the key
 * does not exist or is revoked.
 */
export function expireApiKey(db: Kysely<DB>, id: string, at: Date) {
  return db
    .updateTable('api_key')
    .set((eb) => ({
      expires_at: eb.fn('least', [eb.fn.coalesce('expires_at', eb.val(at)), eb.val(at)]),
    }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}
