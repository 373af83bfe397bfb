import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';

/** The administrative units (provinces, communes of both editions) and the old → new mapping, whole. */
export async function unitTables(db: Kysely<DB>) {
  const [units, successors] = await Promise.all([
    db
      .selectFrom('admin_unit')
      .select(['id', 'edition', 'code', 'level', 'kind', 'short_key', 'parent_id'])
      .where('level', 'in', ['province', 'commune'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('admin_unit_successor')
      .select(['old_unit_id', 'new_unit_id', 'coverage'])
      .orderBy('old_unit_id')
      .orderBy('new_unit_id')
      .execute(),
  ]);
  return { units, successors };
}
