import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * One hit on a fixed-window counter as an INSERT … ON CONFLICT DO UPDATE … RETURNING hits, window_ends
 * (the row lock makes parallel hits count one by one, in every process that shares the database). A
 * fragment, so a statement that does the work the counter guards can count in the same round trip
 * (the sign-in steps do).
 */
export function counterHit(key: string, windowMs: number, now: Date) {
  return sql<{ hits: number; window_ends: Date }>`insert into rate_limit_counter as c (key, hits, window_ends)
    values (${key}, 1, ${new Date(now.getTime() + windowMs)})
    on conflict (key) do update set
      hits = case when c.window_ends <= ${now} then 1 else c.hits + 1 end,
      window_ends = case when c.window_ends <= ${now} then excluded.window_ends else c.window_ends end
    returning hits, window_ends`;
}

/** Counts one hit on a fixed-window counter and returns the count and the window's end. */
export async function hit(db: Kysely<DB>, key: string, windowMs: number, now: Date) {
  const result = await counterHit(key, windowMs, now).execute(db);
  return result.rows[0];
}

/** Deletes counters whose window ended before `before`. */
export async function deleteEnded(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_counter')
    .where('window_ends', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
