import { type Insertable, type Kysely, sql } from 'kysely';
import type { AuditEventTable, DB, SessionTable } from '../../db/schema.ts';

/**
 * In one statement (this is the busiest write of a campaign's first days): unless the phone already
 * had `limit` codes since `windowStart`, retire its open codes and store the new one. Returns false
 * when the limit was reached.
 */
export async function replaceChallengeWithinLimit(
  db: Kysely<DB>,
  row: { id: string; phone: string; code_hash: string; expires_at: Date; ip: string; created_at: Date },
  windowStart: Date,
  limit: number,
): Promise<boolean> {
  const result = await sql<{ id: string }>`
    with recent as (
      select count(*) as n from otp_challenge where phone = ${row.phone} and created_at > ${windowStart}
    ), retired as (
      update otp_challenge set superseded_at = ${row.created_at}
      where phone = ${row.phone} and consumed_at is null and superseded_at is null and (select n from recent) < ${limit}
    )
    insert into otp_challenge (id, phone, code_hash, expires_at, ip, created_at)
    select ${row.id}, ${row.phone}, ${row.code_hash}, ${row.expires_at}, ${row.ip}, ${row.created_at}
    where (select n from recent) < ${limit}
    returning id`.execute(db);
  return result.rows.length === 1;
}

/** The phone's newest open code, locked for this transaction (two verifies must not both pass). */
export function lockCurrentChallenge(db: Kysely<DB>, phone: string) {
  return db
    .selectFrom('otp_challenge')
    .select(['id', 'code_hash', 'expires_at', 'attempts'])
    .where('phone', '=', phone)
    .where('consumed_at', 'is', null)
    .where('superseded_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
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
      insert into session (token_hash, kind, account_id, staff_id, csrf_token, needs_totp, ip, expires_at)
      select ${s.token_hash}, ${s.kind}, account.id, null, ${s.csrf_token}, false, ${s.ip ?? null}, ${s.expires_at} from account
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
