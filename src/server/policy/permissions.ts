import type { PermissionName } from '../../shared/schemas/permissions.ts';
import type { PrincipalRole, StaffActor } from './principals.ts';

export type Permission = PermissionName;

const EVERY_STAFF = ['admin', 'province_manager', 'commune_manager', 'site_staff', 'clinic_staff'] as const;
const MANAGERS = ['admin', 'province_manager', 'commune_manager'] as const;

/**
 * What each role may do: the one table. The policy hook checks a route's permission; the reach
 * helpers (reach.ts) then decide which records the principal sees. A facility API key holds only what
 * site software needs: record doses and tallies for its facility, and read back what it sent.
 */
export const PERMISSIONS = {
  'people.read': EVERY_STAFF,
  'people.write': EVERY_STAFF,
  /** Walk-in identification by CCCD + birth date: facility staff, rate-limited and audited. */
  'people.identify': ['site_staff', 'clinic_staff'],
  'people.merge': MANAGERS,
  /** Confirming a household link after checking the person's card at a site. */
  'household_links.confirm': ['commune_manager', 'site_staff', 'clinic_staff'],
  'corrections.review': EVERY_STAFF,
  'doses.record': ['site_staff', 'facility_api'],
  'doses.read_own': ['facility_api'],
  'doses.void': [...MANAGERS, 'site_staff'],
  /** Check-in and screening at the site. */
  'visits.run': ['site_staff'],
  'stock.read': EVERY_STAFF,
  'stock.manage': [...MANAGERS, 'site_staff'],
  'sessions.manage': [...MANAGERS, 'site_staff'],
  'aefi.record': EVERY_STAFF,
  'aefi.read': EVERY_STAFF,
  'alerts.read': MANAGERS,
  /** Daily dose tallies: a site for itself (also its API key), a commune manager for its sites. */
  'tallies.report': ['commune_manager', 'site_staff', 'facility_api'],
  'tallies.read': [...EVERY_STAFF, 'facility_api'],
  'completeness.read': EVERY_STAFF,
  'facilities.read': EVERY_STAFF,
  /** Imports of legacy dose records (CSV/XLSX), their review queue and reports, for facilities in reach. */
  'imports.run': [...MANAGERS, 'site_staff'],
  'certificates.read': EVERY_STAFF,
  'certificates.revoke': MANAGERS,
  'campaigns.manage': ['admin'],
  'users.manage': ['admin'],
  'api_keys.manage': ['admin'],
  'audit.read': ['admin'],
  /** One's own password and two-factor settings: people only. */
  'account.self': EVERY_STAFF,
} as const satisfies Record<Permission, readonly PrincipalRole[]>;

/**
 * A route's policy: `public`; `citizen` (a signed-in household account); `staff:<permission>`;
 * `staff-totp` (a staff session still waiting for its second factor); `staff-enrol` (a staff person who
 * may enrol in TOTP, also while enrolment is still required).
 */
export type Policy = 'public' | 'citizen' | 'staff-totp' | 'staff-enrol' | `staff:${Permission}`;

/** True when the role holds the permission. */
export function roleHas(role: PrincipalRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly PrincipalRole[]).includes(role);
}

/** True when the principal holds the permission (the route check; services use it for finer rules). */
export function can(actor: StaffActor, permission: Permission): boolean {
  return roleHas(actor.role, permission);
}

/** Every permission of a role, for `/api/auth/me`. */
export function permissionsOf(role: PrincipalRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleHas(role, p));
}
