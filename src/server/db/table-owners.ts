/**
 * Which module owns each table: only that module's files read or write it; other modules go through
 * its service or repository. `npm run lint` (scripts/check-modules.mjs) fails on a table touched from
 * another module unless the pair is in `CROSS_MODULE_ACCESS` below with the reason.
 * `null`: infrastructure tables that no module under src/server/modules touches.
 */
export const TABLE_OWNERS = {
  schema_migration: null,
  reference_dataset: 'system',
  instance_setting: 'system',
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

type Table = keyof typeof TABLE_OWNERS;

interface Access {
  module: string;
  table: Table;
  access: 'read' | 'write';
  why: string;
}

const reads = (module: string, tables: Table[], why: string): Access[] =>
  tables.map((table) => ({ module, table, access: 'read', why }));
const writes = (module: string, tables: Table[], why: string): Access[] =>
  tables.map((table) => ({ module, table, access: 'write', why }));

/**
 * The exceptions, each with its reason: writes that are one statement of a measured hot path or of an
 * all-or-nothing operation, and reads that join another module's rows into one statement (a list, a
 * report, a scan that must stay one query). Anything not here goes through the owning module; a new
 * entry needs a reason a reviewer accepts. Shrinking this list is follow-up work (see the issue 13 note).
 */
export const CROSS_MODULE_ACCESS: readonly Access[] = [
  // Writes
  ...writes(
    'accounts',
    ['rate_limit_counter'],
    'sign-in: one statement consumes the code, counts and opens the session (the rush hot path)',
  ),
  ...writes(
    'imports',
    ['registration'],
    "an import batch closes its thousands of doses' registrations in one UPDATE (the trigger skips imports)",
  ),
  ...writes(
    'people',
    ['household_member'],
    'a merge moves every record attached to the loser in one transaction (MERGE_MOVED_TABLES)',
  ),
  ...writes(
    'vaccination-sessions',
    ['registration'],
    'booking claims a seat, a slot and the registration under one lock order (no overbooking, no deadlock)',
  ),
  ...writes(
    'visits',
    ['dose'],
    'discharge after observation sets the dose’s discharged_at once, in the visit’s conditional update',
  ),
  // Reads: joins into one statement
  ...reads(
    'certificates',
    ['person', 'dose'],
    'a certificate is built from the holder and the doses in one read; the re-issue scan and the public lookup match in one statement',
  ),
  ...reads('certificates', ['staff_user'], 'the revocation list names who revoked'),
  ...reads(
    'corrections',
    ['person', 'staff_user', 'stored_file'],
    'the review queue lists each request with its person, reviewer and photo in one page query',
  ),
  ...reads(
    'data-quality',
    ['person', 'dose', 'vaccine_lot'],
    'the data-quality report is SQL over the registry (one scan per category)',
  ),
  ...reads(
    'files',
    ['correction_request'],
    'retention deletes a photo only once no open request names it (checked in the deleting statement)',
  ),
  ...reads(
    'households',
    ['person', 'citizen_account', 'staff_user', 'audit_event', 'correction_request'],
    "a member's page, access log and export read the member's own rows across modules",
  ),
  ...reads(
    'imports',
    ['person', 'dose', 'vaccine_lot', 'vaccination_session'],
    'import batches look up a thousand rows per statement (measured: npm run bench -- import)',
  ),
  ...reads(
    'notifications',
    ['registration', 'vaccination_session', 'household_member', 'citizen_account'],
    'reminder planning finds the unreminded appointments and their accounts in one statement',
  ),
  ...reads('people', ['staff_user'], 'the merge list names who merged'),
  ...reads(
    'reactions',
    ['person', 'dose', 'staff_user'],
    'AEFI lists name the person, the dose and the reporter',
  ),
  ...reads(
    'registrations',
    ['person', 'vaccination_session', 'household_member'],
    "registration lists show the person and the session; a citizen's are found through the household",
  ),
  ...reads('system', ['person'], 'the public overview counts people'),
  ...reads(
    'tallies',
    ['dose', 'staff_user'],
    'completeness compares recorded doses with tallies per facility and day; revisions name the reporter',
  ),
  ...reads(
    'vaccination-sessions',
    ['dose'],
    'scheduling leaves out people whose next dose is not due (the status engine needs their doses)',
  ),
  ...reads(
    'visits',
    ['registration', 'vaccination_session', 'person', 'aefi_report'],
    'the day list and the observation list are one statement each',
  ),
];

/**
 * Import edges between modules that today close a cycle, to be removed (the issue 13 note lists them).
 * The lint fails on any other edge inside a cycle, so no new cycle can form.
 */
export const KNOWN_CYCLE_EDGES: readonly string[] = [
  // notifications plans reminders from other modules' rows (planners) and names people in the inbox:
  // the planners belong in jobs/ composing those modules, the name passed in by the caller.
  'notifications -> doses',
  'notifications -> registrations',
  'notifications -> people',
  // a citizen's reads check household membership; merges check dose conflicts.
  'doses -> households',
  'people -> doses',
  'households -> notifications',
  'households -> people',
  'registrations -> doses',
  'registrations -> households',
  'registrations -> people',
];

/** Reference data any module may read (join for a name, filter by a unit): written only by its owner. */
export const SHARED_READS = [
  'admin_unit',
  'admin_unit_successor',
  'facility',
  'vaccine_product',
  'eu_dcc_value_set',
  'eu_dcc_value',
  'priority_group_set',
  'priority_group',
] as const satisfies readonly Table[];
