import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { API_KEY_MAX_DAYS } from '../../../shared/schemas/accounts.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import * as audit from '../audit/audit.service.ts';
import * as keys from './api-keys.repository.ts';
import { API_KEY_PREFIX, forgetSessions, hashToken } from './sign-in-sessions.service.ts';
import * as repo from './staff.repository.ts';
import { generatePassword, hashPassword } from './staff.service.ts';

/** The life a key gets when none is asked for (the longest is API_KEY_MAX_DAYS). */
export const API_KEY_DEFAULT_DAYS = 365;

/**
 * Creates an API key for a facility's own software. The key signs in as the `facility_api` principal
 * (record doses and tallies for its facility, read what it recorded), through a service account that
 * cannot sign in with a password, so every rule of dose recording applies unchanged. Every key
 * expires. The key is shown once; the database keeps its SHA-256.
 */
export async function createApiKey(
  db: Kysely<DB>,
  input: { facility: string; name: string; expiresInDays?: number },
  by: audit.AuditActor & { id?: string | null },
  now: Date,
) {
  const days = input.expiresInDays ?? API_KEY_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > API_KEY_MAX_DAYS)
    throw AppError.validation([
      { field: 'expiresInDays', in: 'body', code: 'api_key.expiry_range', params: { max: API_KEY_MAX_DAYS } },
    ]);
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const facility = await repo.findFacility(db, input.facility);
  if (!facility)
    throw AppError.validation([{ field: 'facility', in: 'body', code: 'staff.facility_required' }]);
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const unusable = await hashPassword(generatePassword() + generatePassword());
  return db.transaction().execute(async (trx) => {
    const suffix = randomBytes(3).toString('hex');
    const { id: staffId } = await repo.insertStaff(trx, {
      username: `api.${facility.code.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}.${suffix}`.slice(0, 40),
      display_name: `${input.name} (API)`,
      password_hash: unusable,
      role: 'site_staff',
      facility_id: facility.id,
      is_service: true,
    });
    const key = await keys.insertApiKey(trx, {
      staff_id: staffId,
      facility_id: facility.id,
      name: input.name,
      key_hash: hashToken(secret),
      key_prefix: secret.slice(0, 12),
      created_by: by.id ?? null,
      expires_at: expiresAt,
    });
    await audit.record(trx, by, 'api_key.create', {
      recordType: 'api_key',
      recordId: key.id,
      details: { facilityId: facility.id, expiresAt: expiresAt.toISOString() },
    });
    return {
      id: key.id,
      key: secret,
      prefix: key.key_prefix,
      facilityName: facility.name,
      expiresAt: expiresAt.toISOString(),
    };
  });
}

export type ApiKeyState = 'active' | 'expired' | 'revoked';

/** API keys (never the secrets), with their state, expiry and last use. */
export async function listApiKeys(db: Kysely<DB>, now: Date) {
  const rows = await keys.listApiKeys(db);
  return rows.map((r) => {
    const state: ApiKeyState =
      r.revoked_at !== null
        ? 'revoked'
        : r.expires_at && r.expires_at.getTime() <= now.getTime()
          ? 'expired'
          : 'active';
    return {
      id: r.id,
      name: r.name,
      prefix: r.key_prefix,
      facilityName: r.facility_name,
      facilityCode: r.facility_code,
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at?.toISOString() ?? null,
      lastUsedAt: r.last_used_at?.toISOString() ?? null,
      revoked: r.revoked_at !== null,
      state,
    };
  });
}

/**
 * Sets a key to expire at `at` (now when not given; never later than it already would). Unlike
 * revoking, an expired key can be told apart in the list as one that ran out, and the audit trail
 * says who shortened it.
 */
export async function expireApiKey(db: Kysely<DB>, id: string, by: audit.AuditActor, now: Date, at?: Date) {
  const when = at ?? now;
  if (when.getTime() < now.getTime() - 60_000)
    throw AppError.validation([{ field: 'at', in: 'body', code: 'api_key.expiry_past' }]);
  await db.transaction().execute(async (trx) => {
    const key = await keys.expireApiKey(trx, id, when);
    if (!key) throw AppError.notFound();
    await audit.record(trx, by, 'api_key.expire', {
      recordType: 'api_key',
      recordId: id,
      details: { expiresAt: when.toISOString() },
    });
  });
  forgetSessions();
}

/** Revokes a key at once (its service account is disabled too). */
export async function revokeApiKey(db: Kysely<DB>, id: string, by: audit.AuditActor, now: Date) {
  await db.transaction().execute(async (trx) => {
    const key = await keys.revokeApiKey(trx, id, now);
    if (!key) throw AppError.notFound();
    await repo.updateStaff(trx, key.staff_id, { disabled_at: now });
    await audit.record(trx, by, 'api_key.revoke', { recordType: 'api_key', recordId: id });
  });
  forgetSessions();
}
