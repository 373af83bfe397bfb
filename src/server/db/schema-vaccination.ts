import type { ColumnType, Generated } from 'kysely';

/** A `date` column: read and written as 'YYYY-MM-DD'. */
type DateString = string;

/** Tables of lots, stock, doses, API keys and reactions (see schema.ts for the DB map). */
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
  /** The end of the observation after the dose ("Cho về"), and who ended it (migration 0025). */
  discharged_at: Date | null;
  discharged_by: string | null;
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
  expires_at: Date | null;
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

export interface CampaignTable {
  id: Generated<string>;
  code: string;
  name_vi: string;
  name_en: string;
  priority_group_set: string;
  vaccine_codes: ColumnType<string[], string, string>;
  min_age: Generated<number>;
  max_age: number | null;
  starts_on: DateString;
  ends_on: DateString | null;
  created_at: Generated<Date>;
}

export type RegistrationState =
  | 'pending'
  | 'scheduled'
  | 'checked_in'
  | 'vaccinated'
  | 'deferred'
  | 'cancelled';

export interface RegistrationTable {
  id: Generated<string>;
  campaign_id: string;
  person_id: string;
  priority_group: string | null;
  preferred_unit_id: string | null;
  preferred_facility_id: string | null;
  preferred_from: DateString | null;
  preferred_to: DateString | null;
  screening: ColumnType<Record<string, boolean>, string, string>;
  state: Generated<RegistrationState>;
  source: 'citizen' | 'walk_in';
  account_id: string | null;
  staff_id: string | null;
  session_id: string | null;
  slot: string | null;
  /** The session slot booked (its label is `slot`). */
  slot_id: string | null;
  visit_facility_id: string | null;
  visit_date: DateString | null;
  checked_in_at: Date | null;
  checked_in_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface VaccinationSessionTable {
  id: Generated<string>;
  facility_id: string;
  campaign_id: string;
  session_date: DateString;
  vaccine_code: string;
  capacity: number;
  booked: Generated<number>;
  slots: ColumnType<string[], string | undefined, string>;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** A time slot of a session with its own seats (migration 0023). */
export interface SessionSlotTable {
  id: Generated<string>;
  session_id: string;
  position: number;
  /** 'HH:MM'; null (with ends_at) for the one slot of a session without time slots. */
  starts_at: string | null;
  ends_at: string | null;
  capacity: number;
  booked: Generated<number>;
}

export type ScreeningOutcome = 'vaccinate' | 'caution' | 'defer' | 'contraindicated' | 'hospital';

export interface ScreeningTable {
  id: string;
  registration_id: string;
  person_id: string;
  facility_id: string;
  answers: ColumnType<Record<string, unknown>, string, string>;
  vitals: ColumnType<Record<string, number | null>, string, string>;
  suggested_outcome: ScreeningOutcome;
  outcome: ScreeningOutcome;
  override_reason: string | null;
  note: string | null;
  screened_by: string;
  screened_at: Generated<Date>;
  request_hash: string;
}
