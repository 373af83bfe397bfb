import type { Me } from '../../shared/schemas/accounts.ts';
import type { PermissionName } from '../../shared/schemas/permissions.ts';

/** A signed-in staff principal as `/api/auth/me` describes it. */
export type StaffMe = Extract<NonNullable<Me['actor']>, { kind: 'staff' }>;

/**
 * True when the signed-in principal may do this: screens show what the server's permission table
 * allows (the server checks again on every request; this only decides what to offer).
 */
export function can(actor: Me['actor'] | undefined | null, permission: PermissionName): boolean {
  return actor?.kind === 'staff' && actor.permissions.includes(permission);
}

/** The facility a staff principal is bound to (site and clinic staff), or undefined. */
export function ownFacility(actor: StaffMe): string | undefined {
  return actor.scope.facilityId;
}

/** True when a staff session is fully open (no TOTP code or enrolment still owed). */
export function signedIn(actor: Me['actor'] | undefined | null): actor is StaffMe {
  return actor?.kind === 'staff' && !actor.needsTotp && !actor.needsTotpSetup;
}
