import { type RawBuilder, sql } from 'kysely';

/** Postgres types a bulk-insert column may have (each becomes one array parameter). */
export type BulkColumnType =
  | 'text'
  | 'uuid'
  | 'date'
  | 'timestamptz'
  | 'integer'
  | 'smallint'
  | 'bigint'
  | 'boolean'
  | 'jsonb';

/**
 * An `INSERT … SELECT * FROM unnest($1::text[], $2::date[], …)` for many rows: one array parameter per
 * column instead of one parameter per value. A 1,000-row batch of 11 columns is then 11 parameters,
 * not 11,000, which PGlite (whose per-parameter protocol work runs in JavaScript) inserts about 1.6×
 * faster, and PostgreSQL's 65,535-parameter limit no longer caps the batch size.
 */
export function bulkInsert<Row extends Record<string, unknown>>(
  table: string,
  columns: Record<string, BulkColumnType>,
  rows: readonly Row[],
  suffix: RawBuilder<unknown> = sql``,
): RawBuilder<unknown> {
  const names = Object.keys(columns);
  const arrays = names.map((name) => {
    const type = columns[name];
    const values = rows.map((row) => {
      const value = row[name];
      if (value === undefined || value === null) return null;
      return type === 'jsonb' ? JSON.stringify(value) : value;
    });
    return sql`${values}::${sql.raw(type)}[]`;
  });
  return sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
    select * from unnest(${sql.join(arrays)}) ${suffix}`;
}
