import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Runs `fn` in a transaction, or in the caller's when `db` already is one (Kysely 0.28 cannot nest
 * `transaction()`), so a service can be called on its own or as a step of a bigger unit of work.
 */
export function inTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
