import type { StaffRole } from '../db/schema.ts';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '../modules/accounts/sign-in-sessions.service.ts';
import { DEFAULT_TOTP_REQUIRED_ROLES } from '../modules/accounts/staff.service.ts';

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
