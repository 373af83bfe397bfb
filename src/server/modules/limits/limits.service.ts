import type { Kysely } from 'kysely';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import * as repo from './limits.repository.ts';

/**
 * Rate limits and budgets kept in the database, so they hold across every process of an instance
 * (a limit in one process's memory is multiplied by the number of processes, and forgotten on restart).
 */

export interface Limit {
  /** Hits allowed per window. */
  max: number;
  windowMs: number;
}

/** The outcome of one hit: allowed or not, and when the window ends. */
export interface LimitState {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

/** Counts a hit on `key` and says whether it is within the limit. */
export async function hit(db: Kysely<DB>, key: string, limit: Limit, now: Date): Promise<LimitState> {
  const row = await repo.hit(db, key, limit.windowMs, now);
  const hits = Number(row.hits);
  return {
    allowed: hits <= limit.max,
    hits,
    retryAfterSeconds: Math.max(1, Math.ceil((new Date(row.window_ends).getTime() - now.getTime()) / 1000)),
  };
}

/** The 429 answer of a limit, saying when to try again. */
export function limitedError(state: Pick<LimitState, 'retryAfterSeconds'>): AppError {
  return new AppError('rate_limited', 429, 'problem.rate_limited', [], { seconds: state.retryAfterSeconds });
}

/** Counts hits on several keys (e.g. per staff member and per facility); throws 429 if any is over. */
export async function enforce(
  db: Kysely<DB>,
  checks: { key: string; limit: Limit }[],
  now: Date,
): Promise<void> {
  for (const check of checks) {
    const state = await hit(db, check.key, check.limit, now);
    if (!state.allowed) throw limitedError(state);
  }
}

/** Deletes counters that ended more than a day ago (the clean-up timer calls it). */
export function pruneCounters(db: Kysely<DB>, now: Date): Promise<number> {
  return repo.deleteEnded(db, new Date(now.getTime() - 24 * 3600_000));
}
