import type { Kysely } from 'kysely';
import type { DB, SessionTable } from '../../db/schema.ts';

/** A live session with the staff member or citizen account behind it. */
export function findLiveSession(db: Kysely<DB>, tokenHash: string, now: Date) {
  return db
    .selectFrom('session as s')
    .leftJoin('staff_user as u', 'u.id', 's.staff_id')
    .leftJoin('facility as f', 'f.id', 'u.facility_id')
    .leftJoin('citizen_account as a', 'a.id', 's.account_id')
    .select([
      's.token_hash',
      's.kind',
      's.csrf_token',
      's.needs_totp',
      's.needs_totp_setup',
      's.last_seen_at',
      's.expires_at',
      'u.id as staff_id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.unit_id',
      'u.facility_id',
      'u.disabled_at',
      'u.is_service',
      'f.unit_id as facility_unit_id',
      'a.id as account_id',
      'a.phone',
      'a.deleted_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

/** Stores a new session. */
export async function insertSession(
  db: Kysely<DB>,
  row: Omit<
    SessionTable,
    'created_at' | 'last_seen_at' | 'revoked_at' | 'needs_totp' | 'needs_totp_setup'
  > & {
    last_seen_at?: Date;
    needs_totp?: boolean;
    needs_totp_setup?: boolean;
  },
) {
  await db.insertInto('session').values(row).execute();
}

/** Marks a session as seen (at most every few minutes, to spare writes). */
export async function touchSession(db: Kysely<DB>, tokenHash: string, now: Date) {
  await db.updateTable('session').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
}

/** Ends one session. */
export async function revokeSession(db: Kysely<DB>, tokenHash: string, now: Date) {
  await db
    .updateTable('session')
    .set({ revoked_at: now })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every session of a staff member (password change, disable) or of an account (deletion). */
export async function revokeAllSessions(
  db: Kysely<DB>,
  owner: { staffId?: string; accountId?: string },
  now: Date,
  exceptHash?: string,
) {
  let query = db.updateTable('session').set({ revoked_at: now }).where('revoked_at', 'is', null);
  if (owner.staffId) query = query.where('staff_id', '=', owner.staffId);
  if (owner.accountId) query = query.where('account_id', '=', owner.accountId);
  if (exceptHash) query = query.where('token_hash', '!=', exceptHash);
  await query.execute();
}

/** Completes the second factor of a staff session. */
export async function markTotpPassed(db: Kysely<DB>, tokenHash: string) {
  await db
    .updateTable('session')
    .set({ needs_totp: false, needs_totp_setup: false })
    .where('token_hash', '=', tokenHash)
    .execute();
}

/** A live API key with its service account and facility. */
export function findLiveApiKey(db: Kysely<DB>, keyHash: string) {
  return db
    .selectFrom('api_key as k')
    .innerJoin('staff_user as u', 'u.id', 'k.staff_id')
    .innerJoin('facility as f', 'f.id', 'k.facility_id')
    .select([
      'k.id',
      'k.facility_id',
      'k.expires_at',
      'k.last_used_at',
      'f.unit_id as facility_unit_id',
      'u.id as staff_id',
      'u.username',
      'u.display_name',
      'u.disabled_at',
    ])
    .where('k.key_hash', '=', keyHash)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Marks an API key used now. */
export async function touchApiKey(db: Kysely<DB>, id: string, now: Date) {
  await db.updateTable('api_key').set({ last_used_at: now }).where('id', '=', id).execute();
}
