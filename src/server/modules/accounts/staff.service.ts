import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { AppError } from '../../app-error.ts';
import type { DB, StaffRole } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { PrincipalRole, StaffActor } from '../../policy/index.ts';
import { DEFAULT_TOTP_REQUIRED_ROLES } from '../../policy/settings.ts';
import type { InstanceSecret } from '../../secrets.ts';
import * as audit from '../audit/audit.service.ts';
import * as places from '../places/places.service.ts';
import * as sessions from './sign-in-sessions.service.ts';
import * as repo from './staff.repository.ts';
import { matchTotp, newTotp, openSecret, sealSecret } from './totp.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
export const MIN_PASSWORD_LENGTH = 12;
export const STAFF_ROLES: StaffRole[] = [
  'admin',
  'province_manager',
  'commune_manager',
  'site_staff',
  'clinic_staff',
];

// Algorithm.Argon2id; the package exports it as an ambient const enum, which isolated modules cannot read.
const ARGON2 = { algorithm: 2 } as const;
/** Verified against when the username is unknown, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;

/** Hashes a password with argon2id (OWASP parameters: 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** A random password for new accounts and resets (shown once). */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

function checkPasswordRules(password: string, username: string, field: string) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw AppError.validation([
      { field, in: 'body', code: 'password.too_short', params: { minimum: MIN_PASSWORD_LENGTH } },
    ]);
  }
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw AppError.validation([{ field, in: 'body', code: 'password.contains_username' }]);
  }
}

const lockedError = (until: Date, now: Date) =>
  new AppError('login_locked', 423, 'login.locked', [], {
    minutes: Math.ceil((until.getTime() - now.getTime()) / 60_000),
  });

/**
 * Runs a secret check (password, TOTP code) under the account's failure counter. The attempt is counted
 * *before* the check, in one atomic UPDATE, so parallel guesses each take a slot: at most
 * MAX_FAILED_LOGINS checks run before the account locks, however many arrive at once. A passing check
 * clears the counter; the failure that uses the last slot locks the account for LOCKOUT_MINUTES.
 */
async function guardedCheck(
  db: Kysely<DB>,
  userId: string,
  now: Date,
  check: () => Promise<boolean>,
): Promise<boolean> {
  const slot = await repo.countAttempt(db, userId, now);
  if (!slot) return false;
  if (slot.locked_until && slot.locked_until > now) throw lockedError(slot.locked_until, now);
  const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
  if (slot.failed_logins > MAX_FAILED_LOGINS) {
    await repo.lockAccount(db, userId, until, now);
    throw lockedError(until, now);
  }
  if (await check()) {
    await repo.clearFailures(db, userId);
    return true;
  }
  if (slot.failed_logins >= MAX_FAILED_LOGINS) await repo.lockAccount(db, userId, until, now);
  return false;
}

const staffAudit = (user: { id: string; role: StaffRole; display_name: string }, ip: string) => ({
  kind: 'staff' as const,
  id: user.id,
  role: user.role,
  label: user.display_name,
  ip,
});

/**
 * Signs a staff member in. Unknown users, disabled users and wrong passwords get the same answer (and
 * are audited); 5 failures lock the account for 15 minutes, counted atomically. With TOTP on, the
 * session waits for the second factor; for a role that must use TOTP and has not enrolled, the session
 * can only enrol.
 */
export async function login(
  db: Kysely<DB>,
  username: string,
  password: string,
  ip: string,
  now: Date,
  totpRequiredRoles: readonly PrincipalRole[] = DEFAULT_TOTP_REQUIRED_ROLES,
) {
  const user = await repo.findByUsername(db, username.trim().toLowerCase());
  if (!user || user.disabled_at || user.is_service) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verify(await dummyHash, password).catch(() => false);
    await audit.record(db, { kind: 'system', ip }, 'staff.login_failed', {
      details: { username: username.trim().toLowerCase().slice(0, 60), known: false },
    });
    throw new AppError('login_failed', 401, 'login.failed');
  }
  const passed = await guardedCheck(db, user.id, now, () =>
    verify(user.password_hash, password).catch(() => false),
  );
  if (!passed) {
    await audit.record(db, staffAudit(user, ip), 'staff.login_failed', { details: { known: true } });
    throw new AppError('login_failed', 401, 'login.failed');
  }
  const needsTotpSetup = !user.totp_enabled && totpRequiredRoles.includes(user.role);
  return db.transaction().execute(async (trx) => {
    const session = await sessions.openSession(
      trx,
      { kind: 'staff', staffId: user.id, needsTotp: user.totp_enabled, needsTotpSetup },
      ip,
      now,
    );
    await audit.record(trx, staffAudit(user, ip), 'staff.login');
    return { session, needsTotp: user.totp_enabled, needsTotpSetup, user };
  });
}

/**
 * The TOTP time step a code is valid for now (±1 step of drift), claimed so it is never accepted
 * again (replay within the window); null when the code is wrong or was used already.
 */
async function claimTotpCode(
  db: Kysely<DB>,
  secret: InstanceSecret,
  user: { id: string; totp_secret: string | null },
  code: string,
  now: Date,
): Promise<boolean> {
  if (!user.totp_secret) return false;
  const step = matchTotp(openSecret(secret, user.totp_secret), code, now);
  if (step === null) return false;
  return repo.claimTotpStep(db, user.id, step);
}

/** Completes a session waiting for its TOTP code; wrong and replayed codes count toward the lockout. */
export async function verifySecondFactor(
  db: Kysely<DB>,
  secret: InstanceSecret,
  actor: StaffActor,
  code: string,
  now: Date,
) {
  const user = await repo.findById(db, actor.staffId);
  if (!user?.totp_enabled || !user.totp_secret)
    throw new AppError('totp_not_enabled', 400, 'totp.not_enabled');
  if (!(await guardedCheck(db, user.id, now, () => claimTotpCode(db, secret, user, code, now)))) {
    await audit.record(db, staffAudit(user, actor.ip), 'staff.totp_failed');
    throw new AppError('totp_invalid', 400, 'totp.invalid', [
      { field: 'code', in: 'body', code: 'totp.invalid' },
    ]);
  }
  await sessions.markTotpPassed(db, actor.sessionHash);
}

/** Starts TOTP enrolment: a new secret, stored sealed, active only once a code from it is confirmed. */
export async function beginTotpSetup(db: Kysely<DB>, secret: InstanceSecret, actor: StaffActor) {
  const user = await repo.findById(db, actor.staffId);
  if (!user) throw AppError.notFound();
  if (user.totp_enabled) throw new AppError('totp_already_enabled', 409, 'totp.already_enabled');
  const totp = newTotp(user.username);
  await repo.updateStaff(db, user.id, { totp_secret: sealSecret(secret, totp.secret) });
  return totp;
}

/** Confirms TOTP enrolment with a first code. */
export async function enableTotp(
  db: Kysely<DB>,
  secret: InstanceSecret,
  actor: StaffActor,
  code: string,
  now: Date,
) {
  const user = await repo.findById(db, actor.staffId);
  if (!user?.totp_secret) throw new AppError('totp_not_started', 400, 'totp.not_started');
  if (!(await guardedCheck(db, user.id, now, () => claimTotpCode(db, secret, user, code, now)))) {
    throw new AppError('totp_invalid', 400, 'totp.invalid', [
      { field: 'code', in: 'body', code: 'totp.invalid' },
    ]);
  }
  await db.transaction().execute(async (trx) => {
    await repo.updateStaff(trx, user.id, { totp_enabled: true });
    // An enrolment owed at sign-in is now paid: the session opens fully.
    await sessions.markTotpPassed(trx, actor.sessionHash);
    await audit.record(trx, audit.auditActorOf(actor), 'staff.totp_enabled', {
      recordType: 'staff_user',
      recordId: user.id,
    });
  });
}

/** Changes one's own password; other sessions of the user end. Wrong current passwords count toward the lockout. */
export async function changePassword(
  db: Kysely<DB>,
  actor: StaffActor,
  current: string,
  next: string,
  now: Date,
) {
  const user = await repo.findById(db, actor.staffId);
  if (!user) throw AppError.notFound();
  const passed = await guardedCheck(db, user.id, now, () =>
    verify(user.password_hash, current).catch(() => false),
  );
  if (!passed) {
    await audit.record(db, audit.auditActorOf(actor), 'staff.password_change_failed');
    throw AppError.validation([{ field: 'currentPassword', in: 'body', code: 'password.wrong' }]);
  }
  checkPasswordRules(next, user.username, 'newPassword');
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await repo.updateStaff(trx, user.id, { password_hash: passwordHash, password_changed_at: now });
    await sessions.revokeAllSessions(trx, { staffId: user.id }, now, actor.sessionHash);
    await audit.record(trx, audit.auditActorOf(actor), 'staff.password_changed', {
      recordType: 'staff_user',
      recordId: user.id,
    });
  });
}

export interface NewStaff {
  username: string;
  displayName: string;
  role: StaffRole;
  /** Code or id of a 2025 unit: a province for province managers, a commune for commune managers. */
  unit?: string;
  /** Code or id of a facility, for site and clinic staff. */
  facility?: string;
  password?: string;
  isDemo?: boolean;
}

/** Creates a staff user with the right kind of jurisdiction for the role; returns the password once. */
export async function createStaff(db: Kysely<DB>, input: NewStaff, by: audit.AuditActor) {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,40}$/.test(username))
    throw AppError.validation([{ field: 'username', in: 'body', code: 'staff.username_format' }]);
  if (await repo.findByUsername(db, username))
    throw new AppError('username_taken', 409, 'staff.username_taken', [
      { field: 'username', in: 'body', code: 'staff.username_taken' },
    ]);
  let unitId: string | null = null;
  let facilityId: string | null = null;
  if (input.role === 'province_manager' || input.role === 'commune_manager') {
    const level = input.role === 'province_manager' ? 'province' : 'commune';
    const id = input.unit?.includes('-') ? input.unit : `2025-${input.unit ?? ''}`;
    const unit = await places.findUnit(db, id);
    if (unit?.level !== level || unit.validTo) {
      throw AppError.validation([
        {
          field: 'unit',
          in: 'body',
          code: level === 'province' ? 'staff.unit_province' : 'staff.unit_commune',
        },
      ]);
    }
    unitId = unit.id;
  } else if (input.role === 'site_staff' || input.role === 'clinic_staff') {
    const facility = input.facility ? await repo.findFacility(db, input.facility) : undefined;
    if (!facility)
      throw AppError.validation([{ field: 'facility', in: 'body', code: 'staff.facility_required' }]);
    facilityId = facility.id;
  }
  const password = input.password ?? generatePassword();
  checkPasswordRules(password, username, 'password');
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (trx) => {
    const { id } = await repo.insertStaff(trx, {
      username,
      display_name: input.displayName.trim() || username,
      password_hash: passwordHash,
      role: input.role,
      unit_id: unitId,
      facility_id: facilityId,
      is_demo: input.isDemo ?? false,
    });
    await audit.record(trx, by, 'staff.create', {
      recordType: 'staff_user',
      recordId: id,
      details: { role: input.role, unitId, facilityId },
    });
    return { id, username, password, generated: input.password === undefined };
  });
}

/** Disables or re-enables a staff user; disabling ends their sessions. */
export async function setDisabled(
  db: Kysely<DB>,
  id: string,
  disabled: boolean,
  by: audit.AuditActor,
  now: Date,
) {
  const user = await repo.findById(db, id);
  if (!user) throw AppError.notFound();
  await db.transaction().execute(async (trx) => {
    await repo.updateStaff(trx, id, {
      disabled_at: disabled ? now : null,
      failed_logins: 0,
      locked_until: null,
    });
    if (disabled) await sessions.revokeAllSessions(trx, { staffId: id }, now);
    await audit.record(trx, by, disabled ? 'staff.disable' : 'staff.enable', {
      recordType: 'staff_user',
      recordId: id,
    });
  });
}

/** Sets a new generated password (shown once) and ends the user's sessions. */
export async function resetPassword(db: Kysely<DB>, id: string, by: audit.AuditActor, now: Date) {
  const user = await repo.findById(db, id);
  if (!user) throw AppError.notFound();
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await repo.updateStaff(trx, id, {
      password_hash: passwordHash,
      password_changed_at: now,
      failed_logins: 0,
      locked_until: null,
    });
    await sessions.revokeAllSessions(trx, { staffId: id }, now);
    await audit.record(trx, by, 'staff.password_reset', { recordType: 'staff_user', recordId: id });
  });
  return { password };
}

/** The admin list of staff users. */
export async function listStaff(db: Kysely<DB>, limit: number, offset: number) {
  const [rows, total] = [await repo.listStaff(db, limit, offset), await repo.countStaff(db)];
  return {
    items: rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      role: r.role,
      unitId: r.unit_id,
      unitName: r.unit_name,
      facilityId: r.facility_id,
      facilityName: r.facility_name,
      totpEnabled: r.totp_enabled,
      locked: Boolean(r.locked_until && r.locked_until > new Date()),
      disabled: Boolean(r.disabled_at),
      isDemo: r.is_demo,
      createdAt: r.created_at.toISOString(),
    })),
    total,
    limit,
    offset,
  };
}
