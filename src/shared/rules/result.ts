import type { MessageCode } from '../messages.ts';

/** One violation of a shared rule: a catalogue code plus the values its message needs. */
export interface RuleIssue {
  code: MessageCode;
  params?: Record<string, string | number>;
}

/** The outcome of checking a value: the normalised value, or every issue found. */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; issues: RuleIssue[] };

/** Builds a failed result from issues. */
export function fail<T>(...issues: RuleIssue[]): RuleResult<T> {
  return { ok: false, issues };
}

/** Builds a successful result. */
export function ok<T>(value: T): RuleResult<T> {
  return { ok: true, value };
}
