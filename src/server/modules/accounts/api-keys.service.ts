import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import * as audit from '../audit/audit.service.ts';
import * as keys from './api-keys.repository.ts';
import { API_KEY_PREFIX, forgetSessions, hashToken } from './sessions.service.ts';
import * as repo from './staff.repository.ts';
import { generatePassword, hashPassword } from './staff.service.ts';

/**
 * Creates an API key for a facility's own software. The key acts as a service account (a site_staff
 * user that cannot sign in with a password) so every rule of dose recording applies unchanged. The
 * key is shown once; the database keeps its SHA-256.
 */
export async function createApiKey(
  db: Kysely<DB>,
  input: { facility: string; name: string },
  by: audit.AuditActor & { id?: string | null },
) {
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
    });
    await audit.record(trx, by, 'api_key.create', {
      recordType: 'api_key',
      recordId: key.id,
      details: { facilityId: facility.id },
    });
    return { id: key.id, key: secret, prefix: key.key_prefix, facilityName: facility.name };
  });
}

/** API keys (never the secrets). */
export async function listApiKeys(db: Kysely<DB>) {
  const rows = await keys.listApiKeys(db);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.key_prefix,
    facilityName: r.facility_name,
    createdAt: r.created_at.toISOString(),
    revoked: r.revoked_at !== null,
  }));
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
