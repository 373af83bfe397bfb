import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Actor, type StaffActor, staffScope } from '../../policy/index.ts';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '../../policy/settings.ts';
import * as repo from './sign-in-sessions.repository.ts';

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

/** Who a new session is for: a citizen account, or a staff member (with what the second factor owes). */
export type SessionOwner =
  | { kind: 'citizen'; accountId: string }
  | { kind: 'staff'; staffId: string; needsTotp: boolean; needsTotpSetup: boolean };

/** A new session's secrets and row (without storing it): the token goes to the cookie, its hash to the table. */
export function newSession(owner: SessionOwner, ip: string, now: Date, limits = DEFAULT_SESSION_LIMITS) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const hours = owner.kind === 'citizen' ? limits.citizenHours : limits.staffHours;
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  const row = {
    token_hash: hashToken(token),
    kind: owner.kind,
    account_id: owner.kind === 'citizen' ? owner.accountId : null,
    staff_id: owner.kind === 'staff' ? owner.staffId : null,
    needs_totp: owner.kind === 'staff' ? owner.needsTotp : false,
    needs_totp_setup: owner.kind === 'staff' ? owner.needsTotpSetup : false,
    csrf_token: csrfToken,
    ip,
    expires_at: expiresAt,
    // The idle clock starts at the same "now" as the lifetime (the server's clock, not the database's).
    last_seen_at: now,
  };
  return { token, csrfToken, expiresAt, row };
}

/** Opens a session for a citizen account or a staff member; returns the token for the cookie. */
export async function openSession(
  db: Kysely<DB>,
  owner: SessionOwner,
  ip: string,
  now: Date,
  limits = DEFAULT_SESSION_LIMITS,
): Promise<NewSession> {
  const session = newSession(owner, ip, now, limits);
  await repo.insertSession(db, session.row);
  return { token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

/**
 * Resolved sessions, kept for a few seconds: every API request needs its actor, and on a busy
 * vaccination day that lookup would be a query per request. Revocations in this process clear it at
 * once; other processes (several workers on one database) see a revocation within CACHE_TTL_MS.
 */
const actorCache = new Map<string, { actor: Actor; until: number; seenAt: number }>();
const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 20_000;

/** Forgets cached sessions: one, or all (after a revocation that may cover several). */
export function forgetSessions(tokenHash?: string) {
  if (tokenHash) actorCache.delete(tokenHash);
  else actorCache.clear();
}

/** Resolves a session token to the actor behind it, or null (unknown, expired, revoked, disabled). */
export async function resolveActor(
  db: Kysely<DB>,
  token: string,
  ip: string,
  now: Date,
  limits = DEFAULT_SESSION_LIMITS,
): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const cached = actorCache.get(tokenHash);
  // A cached answer serves until its TTL, the session's end, or the moment its last-seen time is due
  // to be written again (so a session in steady use is never taken for an idle one).
  if (
    cached &&
    cached.until > Date.now() &&
    cached.actor.expiresAt > now.getTime() &&
    now.getTime() - cached.seenAt <= TOUCH_AFTER_MS
  )
    return { ...cached.actor, ip };
  const actor = await lookupActor(db, tokenHash, ip, now, token.startsWith(API_KEY_PREFIX), limits);
  if (actor) {
    if (actorCache.size >= CACHE_MAX) actorCache.delete(actorCache.keys().next().value as string);
    actorCache.set(tokenHash, { actor, until: Date.now() + CACHE_TTL_MS, seenAt: now.getTime() });
  } else {
    actorCache.delete(tokenHash);
  }
  return actor;
}

/** API keys start with this, so a bearer token says which kind it is. */
export const API_KEY_PREFIX = 'sskdt_';

async function lookupActor(
  db: Kysely<DB>,
  tokenHash: string,
  ip: string,
  now: Date,
  apiKey: boolean,
  limits: SessionLimits,
): Promise<Actor | null> {
  if (apiKey) return lookupApiKey(db, tokenHash, ip, now);
  const row = await repo.findLiveSession(db, tokenHash, now);
  if (!row) return null;
  const idleMinutes = row.kind === 'citizen' ? limits.citizenIdleMinutes : limits.staffIdleMinutes;
  if (now.getTime() - row.last_seen_at.getTime() > idleMinutes * 60_000) {
    await repo.revokeSession(db, tokenHash, now);
    return null;
  }
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS)
    await repo.touchSession(db, tokenHash, now);
  // The cache must not outlive the idle limit either: an entry ends when the session would.
  const expiresAt = Math.min(row.expires_at.getTime(), now.getTime() + idleMinutes * 60_000);
  if (row.kind === 'citizen') {
    if (!row.account_id || !row.phone || row.deleted_at) return null;
    return {
      kind: 'citizen',
      accountId: row.account_id,
      phone: row.phone,
      sessionHash: tokenHash,
      csrfToken: row.csrf_token,
      ip,
      expiresAt,
    };
  }
  if (!row.staff_id || !row.role || row.disabled_at || row.is_service) return null;
  const scope = staffScope({ ...row, role: row.role });
  if (!scope) return null;
  return {
    kind: 'staff',
    staffId: row.staff_id,
    username: row.username ?? '',
    displayName: row.display_name ?? '',
    role: row.role,
    scope,
    apiKeyId: null,
    sessionHash: tokenHash,
    csrfToken: row.csrf_token,
    needsTotp: row.needs_totp,
    needsTotpSetup: row.needs_totp_setup,
    ip,
    expiresAt,
  };
}

/**
 * A facility API key: a principal of its own (`facility_api`), bound to its facility, with only the
 * permissions site software needs. Expired, revoked or disabled keys resolve to nothing. Last use is
 * written at most every few minutes.
 */
async function lookupApiKey(
  db: Kysely<DB>,
  keyHash: string,
  ip: string,
  now: Date,
): Promise<StaffActor | null> {
  const key = await repo.findLiveApiKey(db, keyHash);
  if (!key || key.disabled_at) return null;
  if (key.expires_at && key.expires_at.getTime() <= now.getTime()) return null;
  if (!key.last_used_at || now.getTime() - key.last_used_at.getTime() > TOUCH_AFTER_MS)
    await repo.touchApiKey(db, key.id, now);
  return {
    kind: 'staff',
    staffId: key.staff_id,
    username: key.username,
    displayName: key.display_name,
    role: 'facility_api',
    scope: { kind: 'facility', facilityId: key.facility_id, communeId: key.facility_unit_id },
    apiKeyId: key.id,
    sessionHash: keyHash,
    csrfToken: '',
    needsTotp: false,
    needsTotpSetup: false,
    ip,
    expiresAt: key.expires_at?.getTime() ?? Number.MAX_SAFE_INTEGER,
  };
}

/** Ends one session. */
export async function revokeSession(db: Kysely<DB>, tokenHash: string, now: Date) {
  await repo.revokeSession(db, tokenHash, now);
  forgetSessions(tokenHash);
}

/** Ends every session of a staff member or an account (except one, optionally). */
export async function revokeAllSessions(
  db: Kysely<DB>,
  owner: { staffId?: string; accountId?: string },
  now: Date,
  exceptHash?: string,
) {
  await repo.revokeAllSessions(db, owner, now, exceptHash);
  forgetSessions();
}

/** Completes the second factor of a staff session (the code, or a finished enrolment). */
export async function markTotpPassed(db: Kysely<DB>, tokenHash: string) {
  await repo.markTotpPassed(db, tokenHash);
  forgetSessions(tokenHash);
}
