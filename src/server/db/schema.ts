import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Kysely's view of the tables created by `migrations/`. Keep in step with the SQL files. */
export interface DB {
  schema_migration: SchemaMigrationTable;
  reference_dataset: ReferenceDatasetTable;
  instance_setting: InstanceSettingTable;
  admin_unit: AdminUnitTable;
  admin_unit_successor: AdminUnitSuccessorTable;
  vaccine_product: VaccineProductTable;
  eu_dcc_value_set: EuDccValueSetTable;
  eu_dcc_value: EuDccValueTable;
  priority_group_set: PriorityGroupSetTable;
  priority_group: PriorityGroupTable;
  facility: FacilityTable;
  person: PersonTable;
  person_facility: PersonFacilityTable;
  citizen_account: CitizenAccountTable;
  household_member: HouseholdMemberTable;
  otp_challenge: OtpChallengeTable;
  staff_user: StaffUserTable;
  session: SessionTable;
  audit_event: AuditEventTable;
  person_merge: PersonMergeTable;
  stored_file: StoredFileTable;
  correction_request: CorrectionRequestTable;
  notification: NotificationTable;
  vaccine_lot: VaccineLotTable;
  stock_movement: StockMovementTable;
  stock_level: StockLevelTable;
  dose: DoseTable;
  api_key: ApiKeyTable;
  aefi_report: AefiReportTable;
  staff_alert: StaffAlertTable;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `date` column: read and written as 'YYYY-MM-DD'. */
type DateString = string;

export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface ReferenceDatasetTable {
  name: string;
  checksum: string;
  row_count: number;
  loaded_at: Timestamp;
}

export interface InstanceSettingTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

export interface AdminUnitTable {
  id: string;
  edition: string;
  code: string;
  level: 'province' | 'district' | 'commune';
  kind: string;
  name: string;
  short_name: string;
  search_key: string;
  short_key: string;
  parent_id: string | null;
  valid_from: DateString | null;
  valid_to: DateString | null;
}

export interface AdminUnitSuccessorTable {
  old_unit_id: string;
  new_unit_id: string;
  coverage: 'full' | 'partial';
}

export interface VaccineInterval {
  afterDose: number;
  minDays: number;
  recommendedDays?: number;
  maxRecommendedDays?: number;
  source?: string;
}

export interface VaccineNotes {
  vi: string;
  en: string;
}

export interface VaccineProductTable {
  code: string;
  name: string;
  brand: string;
  manufacturer: string;
  platform: string;
  eu_mp: string;
  eu_ma: string;
  eu_vp: string;
  doses_in_series: number;
  intervals: JSONColumnType<VaccineInterval[], string, string>;
  mix_with: JSONColumnType<string[], string, string>;
  min_age: number | null;
  max_age: number | null;
  notes: JSONColumnType<VaccineNotes, string, string>;
  ordinal: number;
}

export interface EuDccValueSetTable {
  id: string;
  file: string;
  version_date: DateString;
}

export interface EuDccValueTable {
  value_set_id: string;
  code: string;
  display: string;
  active: boolean;
  system: string;
}

export interface PriorityGroupSetTable {
  code: string;
  name_vi: string;
  name_en: string;
  legal_basis: string;
  valid_from: DateString;
  valid_to: DateString | null;
}

export interface PriorityGroupTable {
  set_code: string;
  code: string;
  ordinal: number;
  name_vi: string;
  name_en: string;
  documents_vi: string | null;
  documents_en: string | null;
}

export interface FacilityTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: 'vaccination_site' | 'commune_health_station' | 'clinic' | 'hospital' | 'mobile_team';
  unit_id: string;
  address_line: string | null;
  capacity_per_day: number | null;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface PersonTable {
  id: Generated<string>;
  full_name: string;
  name_key: string;
  birth_date: DateString;
  sex: 'male' | 'female';
  cccd: string | null;
  cmnd: string | null;
  passport: string | null;
  phone: string | null;
  bhyt: string | null;
  nationality: Generated<string>;
  unit_id: string | null;
  address_line: string | null;
  priority_group: string | null;
  merged_into: string | null;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PersonFacilityTable {
  person_id: string;
  facility_id: string;
  reason: 'created' | 'identified' | 'registration' | 'dose' | 'import';
  since: Generated<Date>;
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
}

export interface SessionTable {
  token_hash: string;
  kind: 'citizen' | 'staff';
  account_id: string | null;
  staff_id: string | null;
  csrf_token: string;
  needs_totp: Generated<boolean>;
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
  data: Buffer | Uint8Array;
  uploaded_by_account: string | null;
  created_at: Generated<Date>;
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

export interface VaccineLotTable {
  id: Generated<string>;
  vaccine_code: string;
  lot_number: string;
  expires_on: DateString;
  doses_per_vial: Generated<number>;
  created_at: Generated<Date>;
}

export type StockMovementKind = 'receipt' | 'allocation' | 'use' | 'void_use' | 'wastage' | 'return';

export interface StockMovementTable {
  id: Generated<string>;
  lot_id: string;
  kind: StockMovementKind;
  from_holder: string | null;
  to_holder: string | null;
  quantity: number;
  dose_id: string | null;
  note: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
}

export interface StockLevelTable {
  holder: string;
  lot_id: string;
  quantity: number;
}

export interface DoseTable {
  id: string;
  person_id: string;
  vaccine_code: string;
  lot_id: string | null;
  lot_number: string | null;
  dose_number: number;
  given_at: Date;
  given_on: DateString;
  facility_id: string | null;
  country: Generated<string>;
  vaccinator: string | null;
  source: 'site' | 'import' | 'api' | 'abroad';
  status: Generated<'recorded' | 'entered_in_error'>;
  void_reason: string | null;
  voided_by: string | null;
  voided_at: Date | null;
  replaces: string | null;
  override_reason: string | null;
  primary_source: Generated<boolean>;
  request_hash: string;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
}

export interface ApiKeyTable {
  id: Generated<string>;
  staff_id: string;
  facility_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: string | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface AefiReportTable {
  id: Generated<string>;
  person_id: string;
  dose_id: string | null;
  reporter_kind: 'citizen' | 'staff';
  account_id: string | null;
  staff_id: string | null;
  onset_at: Date;
  symptoms: ColumnType<string[], string, string>;
  severity: 'mild' | 'moderate' | 'severe';
  description: string | null;
  serious: Generated<boolean>;
  serious_criteria: ColumnType<string[], string | undefined, string>;
  outcome:
    | 'recovering'
    | 'recovered'
    | 'recovered_with_sequelae'
    | 'not_recovered'
    | 'died'
    | 'unknown'
    | null;
  created_at: Generated<Date>;
}

export interface StaffAlertTable {
  id: Generated<string>;
  unit_id: string;
  kind: string;
  person_id: string | null;
  aefi_id: string | null;
  created_at: Generated<Date>;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}
