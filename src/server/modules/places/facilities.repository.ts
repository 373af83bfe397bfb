import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { facilityInReach, type Scope } from '../../policy/index.ts';

/** The facilities within a scope whose search key holds every word of `key` (all of them for ''). */
function inScope(db: Kysely<DB>, scope: Scope, key: string) {
  const words = key.split(' ').filter(Boolean);
  return db
    .selectFrom('facility as f')
    .where(facilityInReach(scope))
    .$if(words.length > 0, (q) =>
      q.where((eb) => eb.and(words.map((w) => eb('f.search_key', 'like', `%${w}%`)))),
    );
}

/**
 * Facilities within a scope holding every word of a search key, in any order (the key as searchKey()
 * makes it: only letters, digits and single spaces, so it needs no LIKE escaping). A key that starts the
 * code or the name ranks first, then one that starts a word, then the rest; active facilities before
 * closed ones, then by name.
 */
export async function searchFacilities(
  db: Kysely<DB>,
  scope: Scope,
  key: string,
  limit: number,
  offset: number,
) {
  const rows = await inScope(db, scope, key)
    .innerJoin('admin_unit as u', 'u.id', 'f.unit_id')
    .select(['f.id', 'f.code', 'f.name', 'f.kind', 'f.unit_id', 'f.active', 'u.name as unit_name'])
    .orderBy(
      sql`case when ${key} = '' then 0
        when f.search_key like ${`${key}%`} or search_key(f.name) like ${`${key}%`} then 0
        when ' ' || f.search_key like ${`% ${key}%`} then 1
        else 2 end`,
    )
    .orderBy('f.active', 'desc')
    .orderBy('f.name')
    .orderBy('f.code')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await inScope(db, scope, key)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}
