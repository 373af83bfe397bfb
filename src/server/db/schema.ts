import type { ColumnType, Generated, GeneratedAlways, JSONColumnType } from 'kysely';
import type {
  AuditEventTable,
  CitizenAccountTable,
  CorrectionRequestTable,
  HouseholdLinkRequestTable,
  HouseholdMemberTable,
  NotificationTable,
  OtpChallengeTable,
  OtpPhoneBudgetTable,
  PersonFacilityTable,
  PersonMergeTable,
  RateLimitCounterTable,
  SessionTable,
  StaffUserTable,
  StoredFileTable,
} from './schema-accounts.ts';
import type { CertificateLookupTable } from './schema-certificate-lookup.ts';
import type {
  CertificateKeyTable,
  CertificateRevocationTable,
  IssuedCertificateTable,
} from './schema-certificates.ts';
import type {
  DoseImportColumns,
  ImportFileChunkTable,
  ImportJobTable,
  ImportMappingTable,
  ImportReviewTable,
  ImportRowIssueTable,
} from './schema-imports.ts';
import type { NotificationOutboxTable, PushSubscriptionTable } from './schema-notifications.ts';
import type { DoseTallyRevisionTable, DoseTallyTable } from './schema-tallies.ts';
import type {
  AefiReportTable,
  ApiKeyTable,
  CampaignTable,
  DoseTable,
  RegistrationTable,
  ScreeningTable,
  SessionSlotTable,
  StaffAlertTable,
  StockLevelTable,
  StockMovementTable,
  VaccinationSessionTable,
  VaccineLotTable,
} from './schema-vaccination.ts';

export * from './schema-accounts.ts';
export * from './schema-certificate-lookup.ts';
export * from './schema-certificates.ts';
export * from './schema-imports.ts';
export * from './schema-notifications.ts';
export * from './schema-tallies.ts';
export * from './schema-vaccination.ts';

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
  dose: DoseTable & DoseImportColumns;
  api_key: ApiKeyTable;
  aefi_report: AefiReportTable;
  staff_alert: StaffAlertTable;
  campaign: CampaignTable;
  registration: RegistrationTable;
  vaccination_session: VaccinationSessionTable;
  session_slot: SessionSlotTable;
  screening: ScreeningTable;
  push_subscription: PushSubscriptionTable;
  notification_outbox: NotificationOutboxTable;
  certificate_key: CertificateKeyTable;
  issued_certificate: IssuedCertificateTable;
  certificate_revocation: CertificateRevocationTable;
  dose_tally: DoseTallyTable;
  dose_tally_revision: DoseTallyRevisionTable;
  certificate_lookup: CertificateLookupTable;
  import_job: ImportJobTable;
  import_file_chunk: ImportFileChunkTable;
  import_row_issue: ImportRowIssueTable;
  import_review: ImportReviewTable;
  import_mapping: ImportMappingTable;
  rate_limit_counter: RateLimitCounterTable;
  otp_phone_budget: OtpPhoneBudgetTable;
  household_link_request: HouseholdLinkRequestTable;
  task_lease: TaskLeaseTable;
}

/** A background task's hold on running once across processes (jobs/background-task.ts). */
export interface TaskLeaseTable {
  name: string;
  holder: string;
  expires_at: Date;
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
  /** search_key(code || ' ' || name), kept by PostgreSQL (migration 0017). */
  search_key: GeneratedAlways<string>;
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
