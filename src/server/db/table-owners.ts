/**
 * Which module owns each table: only that module's files read or write it; other modules go through
 * its service or repository. `npm run lint` (scripts/check-modules.mjs) fails on a table touched from
 * another module unless the pair is in `CROSS_MODULE_ACCESS` below with the reason.
 * `null`: infrastructure tables that no module under src/server/modules touches.
 */
export const TABLE_OWNERS = {
  schema_migration: null,
  reference_dataset: null,
  instance_setting: null,
  task_lease: null,
  admin_unit: 'places',
  admin_unit_successor: 'places',
  facility: 'places',
  vaccine_product: 'vaccines',
  eu_dcc_value_set: 'vaccines',
  eu_dcc_value: 'vaccines',
  priority_group_set: 'vaccines',
  priority_group: 'vaccines',
  person: 'people',
  person_facility: 'people',
  person_merge: 'people',
  citizen_account: 'accounts',
  otp_challenge: 'accounts',
  otp_phone_budget: 'accounts',
  staff_user: 'accounts',
  session: 'accounts',
  api_key: 'accounts',
  household_member: 'households',
  household_link_request: 'households',
  audit_event: 'audit',
  stored_file: 'files',
  correction_request: 'corrections',
  notification: 'notifications',
  push_subscription: 'notifications',
  notification_outbox: 'notifications',
  vaccine_lot: 'stock',
  stock_movement: 'stock',
  stock_level: 'stock',
  dose: 'doses',
  aefi_report: 'reactions',
  staff_alert: 'reactions',
  campaign: 'registrations',
  registration: 'registrations',
  vaccination_session: 'vaccination-sessions',
  session_slot: 'vaccination-sessions',
  screening: 'visits',
  certificate_key: 'certificates',
  issued_certificate: 'certificates',
  certificate_revocation: 'certificates',
  certificate_lookup: 'certificates',
  dose_tally: 'tallies',
  dose_tally_revision: 'tallies',
  import_job: 'imports',
  import_file_chunk: 'imports',
  import_row_issue: 'imports',
  import_review: 'imports',
  import_mapping: 'imports',
  rate_limit_counter: 'limits',
} as const;

/**
 * The measured hot paths and read-only report joins allowed to touch another module's tables, each with
 * its reason. Keep it short: anything else goes through the owning module.
 */
export const CROSS_MODULE_ACCESS: readonly {
  module: string;
  table: keyof typeof TABLE_OWNERS;
  access: 'read' | 'write';
  why: string;
}[] = [];

/**
 * Reference data any module may read (join for a name, filter by a unit): written only by its owner.
 */
export const SHARED_READS = [
  'admin_unit',
  'admin_unit_successor',
  'facility',
  'vaccine_product',
  'eu_dcc_value_set',
  'eu_dcc_value',
  'priority_group_set',
  'priority_group',
] as const satisfies readonly (keyof typeof TABLE_OWNERS)[];
