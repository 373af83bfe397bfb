import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Storage of the public certificate lookup (`certificate_lookup`, migrations/0014). */

/**
 * The person with this name key, birth date and phone (not merged away): their id when exactly one
 * matches, else null. The same single query runs for every lookup, hit or miss.
 */
export async function matchPerson(
  db: Kysely<DB>,
  nameKey: string,
  birthDate: string,
  phone: string,
): Promise<string | null> {
  const rows = await db
    .selectFrom('person')
    .select('id')
    .where('name_key', '=', nameKey)
    .where('birth_date', '=', birthDate)
    .where('phone', '=', phone)
    .where('merged_into', 'is', null)
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0].id : null;
}

/**
 * In one statement: unless the phone already had `limit` lookups since `windowStart`, stores this one.
 * Returns false when the limit was reached. Hits and misses both count.
 */
export async function insertWithinLimit(
  db: Kysely<DB>,
  row: {
    id: string;
    person_id: string | null;
    phone_hash: string;
    code_hash: string;
    expires_at: Date;
    ip: string;
    created_at: Date;
  },
  windowStart: Date,
  limit: number,
): Promise<boolean> {
  const result = await sql<{ id: string }>`
    with recent as (
      select count(*) as n from certificate_lookup
      where phone_hash = ${row.phone_hash} and created_at > ${windowStart}
    )
    insert into certificate_lookup (id, person_id, phone_hash, code_hash, expires_at, ip, created_at)
    select ${row.id}, ${row.person_id}, ${row.phone_hash}, ${row.code_hash}, ${row.expires_at}, ${row.ip}, ${row.created_at}
    where (select n from recent) < ${limit}
    returning id`.execute(db);
  return result.rows.length === 1;
}

/** One lookup, locked for this transaction (two verifies of the same code must not both pass). */
export function lockLookup(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('certificate_lookup')
    .select(['id', 'person_id', 'code_hash', 'expires_at', 'attempts', 'verified_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Counts a wrong attempt. */
export async function addAttempt(db: Kysely<DB>, id: string): Promise<void> {
  await db
    .updateTable('certificate_lookup')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Marks the code used and stores the hash of the token it earned. */
export async function completeLookup(
  db: Kysely<DB>,
  id: string,
  token: { hash: string; expiresAt: Date },
  now: Date,
): Promise<void> {
  await db
    .updateTable('certificate_lookup')
    .set({ verified_at: now, token_hash: token.hash, token_expires_at: token.expiresAt })
    .where('id', '=', id)
    .execute();
}

/** The person a live token opens, or null (unknown or expired token). */
export async function personOfToken(db: Kysely<DB>, tokenHash: string, now: Date) {
  const row = await db
    .selectFrom('certificate_lookup')
    .select(['id', 'person_id'])
    .where('token_hash', '=', tokenHash)
    .where('token_expires_at', '>', now)
    .where('person_id', 'is not', null)
    .executeTakeFirst();
  return row?.person_id ? { lookupId: row.id, personId: row.person_id } : null;
}
