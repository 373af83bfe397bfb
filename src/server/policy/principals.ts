import type { StaffRole } from '../db/schema.ts';

/** Where a staff principal's authority reaches. */
export type Scope =
  | { kind: 'national' }
  /** An administrative unit subtree: a province (its communes) or one commune. */
  | { kind: 'unit'; unitId: string }
  /** One facility: people living in its commune, and people with records made there. */
  | { kind: 'facility'; facilityId: string; communeId: string };

/**
 * The roles the policy knows: the staff roles of `staff_user`, and `facility_api` for a facility's API
 * key (a principal of its own, never a person: it records doses and tallies for its facility and reads
 * what it sent, nothing else).
 */
export type PrincipalRole = StaffRole | 'facility_api';

export interface StaffActor {
  kind: 'staff';
  /** The staff user (for an API key: its service account, which dose and audit rows point to). */
  staffId: string;
  username: string;
  displayName: string;
  role: PrincipalRole;
  scope: Scope;
  /** The API key behind the request, or null for a person's session. */
  apiKeyId: string | null;
  sessionHash: string;
  csrfToken: string;
  /** The session still waits for its TOTP code. */
  needsTotp: boolean;
  /** The role must use TOTP and the user has not enrolled yet: only enrolment is open. */
  needsTotpSetup: boolean;
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

/**
 * The reach a staff account's role and assignment give: admins are national, managers hold their
 * unit, site and clinic staff their facility (and its commune). Null when the account is assigned to
 * nothing it could work on (it then cannot sign in).
 */
export function staffScope(row: {
  role: StaffRole;
  unit_id: string | null;
  facility_id: string | null;
  facility_unit_id: string | null;
}): Scope | null {
  if (row.role === 'admin') return { kind: 'national' };
  if (row.unit_id) return { kind: 'unit', unitId: row.unit_id };
  if (row.facility_id && row.facility_unit_id)
    return { kind: 'facility', facilityId: row.facility_id, communeId: row.facility_unit_id };
  return null;
}
