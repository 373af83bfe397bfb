import type { StaffRole } from '../db/schema.ts';

/**
 * How long sessions last: an absolute lifetime from sign-in and an idle timeout since the last request
 * (requests mark a session seen at most every five minutes). Configurable (OPERATIONS.md).
 */
export interface SessionLimits {
  citizenHours: number;
  citizenIdleMinutes: number;
  staffHours: number;
  staffIdleMinutes: number;
}

/** A week for a citizen's phone, ended after a day unused; a staff working day, ended after 4 h unused. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  citizenHours: 24 * 7,
  citizenIdleMinutes: 24 * 60,
  staffHours: 12,
  staffIdleMinutes: 4 * 60,
};

/** Roles that must use TOTP unless configured otherwise (SSKDT_TOTP_REQUIRED_ROLES). */
export const DEFAULT_TOTP_REQUIRED_ROLES: StaffRole[] = ['admin', 'province_manager'];

/** The trust settings an operator may change (OPERATIONS.md, "Security settings"); defaults are the safe ones. */
export interface SecuritySettings {
  sessions: SessionLimits;
  /** Roles whose members must enrol in TOTP before anything else. */
  totpRequiredRoles: StaffRole[];
  /** Session cookies without `Secure`: only when the operator says the site is served over plain HTTP. */
  plainHttp: boolean;
  /** How long a walk-in identification keeps a person within the facility's reach without a visit or dose. */
  walkInLinkHours: number;
  /** Sign-in codes per hour for the whole instance (the SMS contract's size; against SMS pumping). */
  smsPerHour: number;
}

/** The defaults: safe for a deployment behind TLS. */
export const DEFAULT_SECURITY: SecuritySettings = {
  sessions: DEFAULT_SESSION_LIMITS,
  totpRequiredRoles: DEFAULT_TOTP_REQUIRED_ROLES,
  plainHttp: false,
  walkInLinkHours: 24,
  smsPerHour: 200_000,
};

/** Settings with the operator's changes laid over the defaults. */
export function securitySettings(overrides: Partial<SecuritySettings> = {}): SecuritySettings {
  return {
    ...DEFAULT_SECURITY,
    ...overrides,
    sessions: { ...DEFAULT_SECURITY.sessions, ...overrides.sessions },
  };
}
