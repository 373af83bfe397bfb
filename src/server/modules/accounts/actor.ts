import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { DB, StaffRole } from '../../db/schema.ts';

/** Where a staff member's authority reaches. */
export type Scope =
  | { kind: 'national' }
  /** An administrative unit subtree: a province (its communes) or one commune. */
  | { kind: 'unit'; unitId: string }
  /** One facility: people living in its commune, and people with records made there. */
  | { kind: 'facility'; facilityId: string; communeId: string };

export interface StaffActor {
  kind: 'staff';
  staffId: string;
  username: string;
  displayName: string;
  role: StaffRole;
  scope: Scope;
  sessionHash: string;
  csrfToken: string;
  needsTotp: boolean;
  ip: string;
  /** When the session ends (epoch ms). */
  expiresAt: number;
}

export interface CitizenActor {
  kind: 'citizen';
  accountId: string;
  phone: string;
  sessionHash: string;
  csrfToken: string;
  ip: string;
  /** When the session ends (epoch ms). */
  expiresAt: number;
}

export type Actor = StaffActor | CitizenActor;

/** What a staff role may do; the policy layer checks it per route, the scope per record. */
export const PERMISSIONS = {
  'people.read': ['admin', 'province_manager', 'commune_manager', 'site_staff', 'clinic_staff'],
  'people.write': ['admin', 'province_manager', 'commune_manager', 'site_staff', 'clinic_staff'],
  'people.merge': ['admin', 'province_manager', 'commune_manager'],
  'corrections.review': ['admin', 'province_manager', 'commune_manager', 'site_staff', 'clinic_staff'],
  'doses.record': ['site_staff'],
  'doses.void': ['admin', 'province_manager', 'commune_manager', 'site_staff'],
  'stock.manage': ['admin', 'province_manager', 'commune_manager', 'site_staff'],
  'users.manage': ['admin'],
  'audit.read': ['admin'],
  'certificates.revoke': ['admin', 'province_manager', 'commune_manager'],
  /** Imports of legacy dose records (CSV/XLSX), their review queue and reports, for facilities in reach. */
  'imports.run': ['admin', 'province_manager', 'commune_manager', 'site_staff'],
  /** Daily dose tallies: a site for itself (also through its API key), a commune manager for its sites. */
  'tallies.report': ['commune_manager', 'site_staff'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * A route's policy: `public`; `citizen` (a signed-in household account); `staff` (any signed-in staff
 * member); `staff:<permission>`; `staff-totp` (a staff session still waiting for its second factor).
 */
export type Policy = 'public' | 'citizen' | 'staff' | 'staff-totp' | `staff:${Permission}`;

/** True when the role holds the permission. */
export function roleHas(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}

/**
 * The SQL condition "this person is within the scope", for a query over `person` aliased `p`.
 * Repositories add it to every staff query, so an out-of-scope person is simply not found (404).
 */
export function personInScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB & { p: DB['person'] }, 'p'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'national':
        return sql<SqlBool>`true`;
      case 'unit':
        return eb.or([
          eb('p.unit_id', '=', scope.unitId),
          eb(
            'p.unit_id',
            'in',
            eb
              .selectFrom('admin_unit')
              .select('admin_unit.id')
              .where('admin_unit.parent_id', '=', scope.unitId),
          ),
        ]);
      case 'facility':
        return eb.or([
          eb('p.unit_id', '=', scope.communeId),
          eb.exists(
            eb
              .selectFrom('person_facility as pf')
              .select('pf.person_id')
              .whereRef('pf.person_id', '=', 'p.id')
              .where('pf.facility_id', '=', scope.facilityId),
          ),
        ]);
    }
  };
}

/**
 * The SQL condition "this facility is within the scope", for a query over `facility` aliased `f`:
 * all for national staff, the facilities of a unit subtree (a province's communes, or one commune),
 * or the staff member's own facility.
 */
export function facilityInScope(scope: Scope) {
  return (eb: ExpressionBuilder<DB & { f: DB['facility'] }, 'f'>): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'national':
        return sql<SqlBool>`true`;
      case 'unit':
        return eb.or([
          eb('f.unit_id', '=', scope.unitId),
          eb(
            'f.unit_id',
            'in',
            eb
              .selectFrom('admin_unit')
              .select('admin_unit.id')
              .where('admin_unit.parent_id', '=', scope.unitId),
          ),
        ]);
      case 'facility':
        return eb('f.id', '=', scope.facilityId);
    }
  };
}
