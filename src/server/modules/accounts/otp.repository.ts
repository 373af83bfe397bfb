import { type Insertable, type Kysely, sql } from 'kysely';
import { preparedSql } from '../../db/prepared.ts';
import type { AuditEventTable, DB, SessionTable } from '../../db/schema.ts';
import { counterHit } from '../limits/limits.repository.ts';

/** The per-phone and instance-wide budgets a code request is checked against. */
export interface OtpBudget {
  /** Codes per phone per window. */
  perPhone: number;
  windowMs: number;
  /** Strikes (a window used up, a code locked by wrong attempts) within `strikeWindowMs` that lock the phone. */
  maxStrikes: number;
  strikeWindowMs: number;
  lockMs: number;
  /** Codes per hour for the whole instance (SMS pumping across many numbers), split over shards. */
  instancePerHour: number;
}

/**
 * A per-client-address limit counted inside a sign-in statement (a `rate_limit_counter` row): a
 * separate round trip per request cost a quarter of the sign-in rate (bench login).
 */
export interface AddressLimit {
  key: string;
  max: number;
  windowMs: number;
}

/** Counters of the instance-wide SMS budget: one hot row would serialise every request of a rush. */
export const SMS_BUDGET_SHARDS = 16;

/**
 * The per-phone budget row's update, as SQL over the old row `b`: a phone in lockout counts nothing; a
 * window that ended starts again; the first refusal of a window is a strike; `maxStrikes` strikes
 * within the strike window lock the phone for `lockMs`.
 */
function budgetUpdate(p: { now: Date; limit: number; sws: Date; maxStrikes: number; lockUntil: Date }) {
  const strikesNow = sql`((case when b.strikes_since <= ${p.sws} then 0 else b.strikes end)
    + (case when b.window_ends > ${p.now} and b.codes = ${p.limit} then 1 else 0 end))`;
  const locked = sql`(b.locked_until is not null and b.locked_until > ${p.now})`;
  return sql`
    codes = case when ${locked} then b.codes when b.window_ends <= ${p.now} then 1 else b.codes + 1 end,
    window_ends = case when ${locked} or b.window_ends > ${p.now} then b.window_ends else excluded.window_ends end,
    strikes = case when ${locked} then b.strikes when ${strikesNow} >= ${p.maxStrikes} then 0 else ${strikesNow} end,
    strikes_since = case when ${locked} or b.strikes_since > ${p.sws} then b.strikes_since else ${p.now} end,
    locked_until = case when ${locked} then b.locked_until
      when ${strikesNow} >= ${p.maxStrikes} then ${p.lockUntil}::timestamptz else null end`;
}

/**
 * In one statement (this is the busiest write of a campaign's first days): count the request on the
 * phone's budget row and on one shard of the instance's SMS budget (upserts: parallel requests count
 * one by one, in every process), and when both allow it retire the phone's open codes and store the
 * new one. Returns whether a code was stored, and the phone's lockout if any.
 */
export async function replaceChallengeWithinBudget(
  db: Kysely<DB>,
  row: { id: string; phone: string; code_hash: string; expires_at: Date; ip: string; created_at: Date },
  budget: OtpBudget,
  address: AddressLimit,
): Promise<{
  stored: boolean;
  lockedUntil: Date | null;
  windowEnds: Date | null;
  addressRefusedUntil: Date | null;
}> {
  const now = row.created_at;
  const limit = budget.perPhone;
  const shard = `sms:instance:${Math.floor(Math.random() * SMS_BUDGET_SHARDS)}`;
  const shardLimit = Math.max(1, Math.ceil(budget.instancePerHour / SMS_BUDGET_SHARDS));
  const update = budgetUpdate({
    now,
    limit,
    sws: new Date(now.getTime() - budget.strikeWindowMs),
    maxStrikes: budget.maxStrikes,
    lockUntil: new Date(now.getTime() + budget.lockMs),
  });
  // An address over its limit counts nothing else: the phone's budget and the SMS budget are left
  // alone (a flood from one address must not burn a victim's codes).
  const result = await sql<{
    stored: boolean;
    locked_until: Date | null;
    window_ends: Date | null;
    address_hits: number;
    address_ends: Date;
  }>`${sql.raw(preparedSql('otp_request'))}
    with address as (${counterHit(address.key, address.windowMs, now)}
    ), budget as (
      insert into otp_phone_budget as b (phone, window_ends, codes, strikes, strikes_since, locked_until)
      select ${row.phone}, ${new Date(now.getTime() + budget.windowMs)}::timestamptz, 1, 0, ${now}::timestamptz, null::timestamptz
      where (select hits from address) <= ${address.max}
      on conflict (phone) do update set ${update}
      returning codes, locked_until, window_ends
    ), instance as (
      insert into rate_limit_counter as c (key, hits, window_ends)
      select ${shard}, 1, ${new Date(now.getTime() + 3600_000)}::timestamptz
      where (select hits from address) <= ${address.max}
      on conflict (key) do update set
        hits = case when c.window_ends <= ${now} then 1 else c.hits + 1 end,
        window_ends = case when c.window_ends <= ${now} then excluded.window_ends else c.window_ends end
      returning hits
    ), allowed as (
      select coalesce((select hits from address) <= ${address.max}
        and (select codes from budget) <= ${limit}
        and coalesce((select locked_until from budget) <= ${now}, true)
        and (select hits from instance) <= ${shardLimit}, false) as ok
    ), retired as (
      update otp_challenge set superseded_at = ${now}
      where phone = ${row.phone} and consumed_at is null and superseded_at is null and (select ok from allowed)
    ), stored as (
      insert into otp_challenge (id, phone, code_hash, expires_at, ip, created_at)
      select ${row.id}, ${row.phone}, ${row.code_hash}, ${row.expires_at}, ${row.ip}, ${now}
      where (select ok from allowed)
      returning id
    )
    select exists (select from stored) as stored, (select locked_until from budget) as locked_until,
      (select window_ends from budget) as window_ends, (select hits from address) as address_hits,
      (select window_ends from address) as address_ends`.execute(db);
  const out = result.rows[0];
  return {
    stored: out.stored,
    lockedUntil: out.locked_until && new Date(out.locked_until) > now ? new Date(out.locked_until) : null,
    windowEnds: out.window_ends ? new Date(out.window_ends) : null,
    addressRefusedUntil: Number(out.address_hits) > address.max ? new Date(out.address_ends) : null,
  };
}

/**
 * The phone's newest open code, locked for this transaction (two verifies must not both pass), with the
 * phone's lockout (a phone locked out accepts no code).
 */
export async function lockCurrentChallenge(db: Kysely<DB>, phone: string, address: AddressLimit, now: Date) {
  const result = await sql<{
    address_hits: number;
    address_ends: Date;
    id: string | null;
    code_hash: string | null;
    expires_at: Date | null;
    attempts: number | null;
    locked_until: Date | null;
  }>`${sql.raw(preparedSql('otp_lock'))}
    with address as (${counterHit(address.key, address.windowMs, now)})
    select a.hits as address_hits, a.window_ends as address_ends, c.id, c.code_hash, c.expires_at,
      c.attempts, b.locked_until
    from address a
    left join lateral (
      select id, phone, code_hash, expires_at, attempts from otp_challenge
      where phone = ${phone} and consumed_at is null and superseded_at is null
      order by created_at desc limit 1
      for update
    ) c on true
    left join otp_phone_budget b on b.phone = c.phone`.execute(db);
  const row = result.rows[0];
  const addressRefusedUntil = Number(row.address_hits) > address.max ? new Date(row.address_ends) : null;
  const challenge =
    row.id && row.code_hash && row.expires_at && row.attempts !== null
      ? {
          id: row.id,
          code_hash: row.code_hash,
          expires_at: new Date(row.expires_at),
          attempts: Number(row.attempts),
          locked_until: row.locked_until ? new Date(row.locked_until) : null,
        }
      : undefined;
  return { addressRefusedUntil, challenge };
}

/** Counts a strike on a phone (a code locked by wrong attempts), locking it out at `maxStrikes`. */
export async function strikePhone(db: Kysely<DB>, phone: string, now: Date, budget: OtpBudget) {
  const sws = new Date(now.getTime() - budget.strikeWindowMs);
  await sql`update otp_phone_budget as b set
      strikes = case when b.strikes_since <= ${sws} then 1 else b.strikes + 1 end,
      strikes_since = case when b.strikes_since <= ${sws} then ${now} else b.strikes_since end,
      locked_until = case
        when (case when b.strikes_since <= ${sws} then 1 else b.strikes + 1 end) >= ${budget.maxStrikes}
        then ${new Date(now.getTime() + budget.lockMs)}::timestamptz else b.locked_until end
    where phone = ${phone}`.execute(db);
}

/** Counts a wrong attempt. */
export async function addAttempt(db: Kysely<DB>, id: string): Promise<number> {
  const row = await db
    .updateTable('otp_challenge')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

/**
 * Completes a sign-in in one statement: the code is used up, the phone's live account found or
 * created, the session stored and the sign-in audited. Session and audit rows are built by their own
 * modules (`newSession`, `auditRow`); only the statement that writes them together lives here, because
 * this is the hot path of a mass campaign (one round trip instead of six).
 */
export async function completeSignIn(
  db: Kysely<DB>,
  input: {
    challengeId: string;
    phone: string;
    now: Date;
    session: Omit<Insertable<SessionTable>, 'account_id'>;
    audit: Omit<Insertable<AuditEventTable>, 'actor_id' | 'action' | 'record_id'>;
  },
) {
  const s = input.session;
  const a = input.audit;
  const result = await sql<{ id: string; phone: string; created: boolean }>`
    with consumed as (
      update otp_challenge set consumed_at = ${input.now} where id = ${input.challengeId}
    ), account as (
      insert into citizen_account (phone, last_login_at) values (${input.phone}, ${input.now})
      on conflict (phone) where deleted_at is null do update set last_login_at = excluded.last_login_at
      returning id, phone, (xmax = 0) as created
    ), new_session as (
      insert into session (token_hash, kind, account_id, staff_id, csrf_token, needs_totp, ip, expires_at, last_seen_at)
      select ${s.token_hash}, ${s.kind}, account.id, null, ${s.csrf_token}, false, ${s.ip ?? null}, ${s.expires_at},
        coalesce(${s.last_seen_at ?? null}::timestamptz, now()) from account
    ), audited as (
      insert into audit_event (actor_kind, actor_id, actor_role, actor_label, action, person_id, record_type, record_id, ip, details)
      select ${a.actor_kind}, account.id, ${a.actor_role ?? null}, null,
        case when account.created then 'account.create' else 'account.login' end,
        null, 'citizen_account', account.id::text, ${a.ip ?? null}, ${a.details ?? '{}'}::jsonb
      from account
    )
    select id, phone, created from account`.execute(db);
  return result.rows[0];
}

/**
 * Deletes per-phone budgets that no longer decide anything: their window, their lock and their strikes
 * all ended before `before`.
 */
export async function deleteSpentBudgets(db: Kysely<DB>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('otp_phone_budget')
    .where('window_ends', '<', before)
    .where('strikes_since', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
