import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import * as repo from './people.repository.ts';

export type { NewPerson } from './people.repository.ts';

/**
 * Bulk-inserts already-validated persons (demo data, and later imports) in one statement per batch.
 * Rows whose CCCD is already held by an active person are skipped; the count added is returned.
 */
export function insertPeopleBatch(db: Kysely<DB>, rows: repo.NewPerson[]): Promise<number> {
  return repo.insertPeople(db, rows);
}

/** Number of active persons in the registry. */
export function countPeople(db: Kysely<DB>): Promise<number> {
  return repo.countPeople(db);
}
