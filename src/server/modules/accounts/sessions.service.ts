import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor, Scope } from './actor.ts';
import * as repo from './sessions.repository.ts';

export const SESSION_COOKIE = 'sskdt_session';
export const CITIZEN_SESSION_HOURS = 24 * 30;
export const STAFF_SESSION_HOURS = 12;
const TOUCH_AFTER_MS = 5 * 60_000;

/** SHA-256 of a session token: the table never holds tokens that would work as cookies. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** A new session's secrets and row (without storing it): the token goes to the cookie, its hash to the table. */
export function newSession(
  owner: { kind: 'citizen'; accountId: string } | { kind: 'staff'; staffId: string; needsTotp: boolean },
  ip: string,
  now: Date,
) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const hours = owner.kind === 'citizen' ? CITIZEN_SESSION_HOURS : STAFF_SESSION_HOURS;
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  const row = {
    token_hash: hashToken(token),
    kind: owner.kind,
    account_id: owner.kind === 'citizen' ? owner.accountId : null,
    staff_id: owner.kind === 'staff' ? owner.staffId : null,
    needs_totp: owner.kind === 'staff' ? owner.needsTotp : false,
    csrf_token: csrfToken,
    ip,
    expires_at: expiresAt,
  };
  return { token, csrfToken, expiresAt, row };
}

/** Opens a session for a citizen account or a staff member; returns the token for the cookie. */
export async function openSession(
  db: Kysely<DB>,
  owner: { kind: 'citizen'; accountId: string } | { kind: 'staff'; staffId: string; needsTotp: boolean },
  ip: string,
  now: Date,
): Promise<NewSession> {
  const session = newSession(owner, ip, now);
  await repo.insertSession(db, session.row);
  return { token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

/** Resolves a session token to the actor behind it, or null (unknown, expired, revoked, disabled). */
export async function resolveActor(
  db: Kysely<DB>,
  token: string,
  ip: string,
  now: Date,
): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const row = await repo.findLiveSession(db, tokenHash, now);
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS)
    await repo.touchSession(db, tokenHash, now);
  if (row.kind === 'citizen') {
    if (!row.account_id || !row.phone || row.deleted_at) return null;
    return {
      kind: 'citizen',
      accountId: row.account_id,
      phone: row.phone,
      sessionHash: tokenHash,
      csrfToken: row.csrf_token,
      ip,
    };
  }
  if (!row.staff_id || !row.role || row.disabled_at) return null;
  let scope: Scope;
  if (row.role === 'admin') scope = { kind: 'national' };
  else if (row.unit_id) scope = { kind: 'unit', unitId: row.unit_id };
  else if (row.facility_id && row.facility_unit_id)
    scope = { kind: 'facility', facilityId: row.facility_id, communeId: row.facility_unit_id };
  else return null;
  return {
    kind: 'staff',
    staffId: row.staff_id,
    username: row.username ?? '',
    displayName: row.display_name ?? '',
    role: row.role,
    scope,
    sessionHash: tokenHash,
    csrfToken: row.csrf_token,
    needsTotp: row.needs_totp,
    ip,
  };
}

export const revokeSession = repo.revokeSession;
export const revokeAllSessions = repo.revokeAllSessions;
export const markTotpPassed = repo.markTotpPassed;
