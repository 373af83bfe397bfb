import type { ColumnType, Generated } from 'kysely';

/** Tables of accounts, sessions, audit, merges, files, corrections and notifications (see schema.ts). */
export interface PersonFacilityTable {
  person_id: string;
  facility_id: string;
  reason: 'created' | 'identified' | 'registration' | 'dose' | 'import';
  since: Generated<Date>;
  /** A walk-in identification's link lapses then, unless a visit or dose made it lasting (null). */
  expires_at: Date | null;
}

export interface CitizenAccountTable {
  id: Generated<string>;
  phone: string;
  lang: Generated<'vi' | 'en'>;
  created_at: Generated<Date>;
  last_login_at: Date | null;
  deleted_at: Date | null;
}

export type Relationship = 'self' | 'spouse' | 'child' | 'parent' | 'other';

export interface HouseholdMemberTable {
  account_id: string;
  person_id: string;
  relationship: Relationship;
  added_at: Generated<Date>;
}

export interface OtpChallengeTable {
  id: Generated<string>;
  phone: string;
  code_hash: string;
  expires_at: Date;
  attempts: Generated<number>;
  consumed_at: Date | null;
  superseded_at: Date | null;
  ip: string | null;
  created_at: Generated<Date>;
}

export type StaffRole = 'admin' | 'province_manager' | 'commune_manager' | 'site_staff' | 'clinic_staff';

export interface StaffUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: StaffRole;
  unit_id: string | null;
  facility_id: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  disabled_at: Date | null;
  is_demo: Generated<boolean>;
  is_service: Generated<boolean>;
  created_at: Generated<Date>;
  password_changed_at: Generated<Date>;
  /** The last TOTP time step accepted: a code is never accepted twice. */
  totp_last_step: number | null;
}

export interface SessionTable {
  token_hash: string;
  kind: 'citizen' | 'staff';
  account_id: string | null;
  staff_id: string | null;
  csrf_token: string;
  needs_totp: Generated<boolean>;
  needs_totp_setup: Generated<boolean>;
  ip: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_kind: 'staff' | 'citizen' | 'system';
  actor_id: string | null;
  actor_role: string | null;
  actor_label: string | null;
  action: string;
  person_id: string | null;
  record_type: string | null;
  record_id: string | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface PersonMergeTable {
  id: Generated<string>;
  winner_id: string;
  loser_id: string;
  merged_by: string;
  reason: string;
  moved: ColumnType<Record<string, number>, string, string>;
  merged_at: Generated<Date>;
}

export interface StoredFileTable {
  id: Generated<string>;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  size_bytes: number;
  sha256: string;
  /** Null once the retention job deleted the bytes (purged_at set; migration 0018). */
  data: Buffer | Uint8Array | null;
  uploaded_by_account: string | null;
  created_at: Generated<Date>;
  purged_at: Date | null;
}

export type CorrectionField = 'full_name' | 'birth_date' | 'sex' | 'cccd' | 'cmnd' | 'passport';
export type CorrectionStatus = 'pending' | 'needs_info' | 'approved' | 'rejected';

export interface CorrectionRequestTable {
  id: Generated<string>;
  person_id: string;
  account_id: string;
  field: CorrectionField;
  old_value: string | null;
  new_value: string;
  citizen_note: string | null;
  document_id: string | null;
  status: Generated<CorrectionStatus>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NotificationTable {
  id: Generated<string>;
  account_id: string;
  kind: string;
  title_vi: string;
  title_en: string;
  body_vi: string;
  body_en: string;
  person_id: string | null;
  created_at: Generated<Date>;
  read_at: Date | null;
}

export interface RateLimitCounterTable {
  key: string;
  hits: number;
  window_ends: Date;
}

export interface OtpPhoneBudgetTable {
  phone: string;
  window_ends: Date;
  codes: number;
  strikes: Generated<number>;
  strikes_since: Date;
  locked_until: Date | null;
}

export type LinkRequestState = 'pending' | 'confirmed' | 'rejected' | 'cancelled';

export interface HouseholdLinkRequestTable {
  id: Generated<string>;
  account_id: string;
  person_id: string | null;
  cccd: string;
  claimed: ColumnType<Record<string, unknown>, string, string>;
  relationship: Relationship;
  code_hash: string | null;
  attempts: Generated<number>;
  state: Generated<LinkRequestState>;
  created_at: Generated<Date>;
  expires_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  linked_person_id: string | null;
}
