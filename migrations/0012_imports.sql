-- Imports of legacy dose records (issue 6): jobs, their stored files, failed-row issues, the review
-- queue, saved column mappings, and on each imported dose the key that makes re-imports skip it.

create table import_job (
  id uuid primary key default gen_random_uuid(),
  facility_id uuid not null references facility (id),
  filename text not null,
  sha256 text not null,
  size_bytes bigint not null,
  file_kind text not null check (file_kind in ('csv', 'xlsx')),
  -- The CLI reads the file where it lies; uploads are stored in import_file_chunk.
  file_path text,
  state text not null default 'queued'
    check (state in ('queued', 'running', 'needs_mapping', 'done', 'failed', 'cancelled')),
  dry_run boolean not null default false,
  mapping_name text,
  -- {header: field | null}; set once the header row is read (suggested, saved or given).
  mapping jsonb,
  headers jsonb,
  charset text,
  encoding text check (encoding is null or encoding in ('unicode', 'tcvn3', 'vni')),
  -- Where the creator's authority reached ({kind, …} as in accounts/actor.ts; null: national, the CLI).
  scope jsonb,
  count_read integer not null default 0,
  count_imported integer not null default 0,
  count_skipped integer not null default 0,
  count_failed integer not null default 0,
  count_review integer not null default 0,
  persons_created integer not null default 0,
  -- Data rows already committed (imported, skipped, failed or queued): a restart resumes after them.
  next_row integer not null default 0,
  total_rows integer,
  idempotency_key text unique,
  created_by uuid references staff_user (id),
  -- The runner holding the job, until locked_until (a runner that died frees it when the lease ends).
  locked_by text,
  locked_until timestamptz,
  attempts integer not null default 0,
  error_code text,
  error_detail text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);
create index import_job_facility on import_job (facility_id, created_at desc);
create index import_job_runnable on import_job (created_at) where state in ('queued', 'running');
create index import_job_resume on import_job (sha256, facility_id) where state in ('queued', 'running', 'needs_mapping');

-- An uploaded file, in ~1 MB pieces, so any process can read it again (resume, error report).
create table import_file_chunk (
  job_id uuid not null references import_job (id) on delete cascade,
  seq integer not null,
  bytes bytea not null,
  primary key (job_id, seq)
);

-- What is wrong with a failed row: one line per column (row 1 is the header row).
create table import_row_issue (
  job_id uuid not null references import_job (id) on delete cascade,
  row_number integer not null,
  seq smallint not null,
  column_name text,
  field text,
  code text not null,
  params jsonb,
  primary key (job_id, row_number, seq)
);

-- Rows a person must decide: ambiguous identity or a conflicting dose.
create table import_review (
  id uuid primary key default gen_random_uuid(),
  job_id uuid not null references import_job (id) on delete cascade,
  row_number integer not null,
  -- The dose's import key: a re-import finds the row already queued instead of queueing it twice.
  import_key text not null unique,
  facility_id uuid not null references facility (id),
  row jsonb not null,
  reason text not null
    check (reason in ('identity_ambiguous', 'identity_weak', 'identity_mismatch', 'conflicting_dose')),
  candidates jsonb not null default '[]',
  state text not null default 'pending' check (state in ('pending', 'resolved', 'rejected')),
  resolution text check (resolution is null or resolution in ('matched', 'created', 'rejected')),
  person_id uuid references person (id),
  dose_id uuid,
  resolved_by uuid references staff_user (id),
  resolved_at timestamptz,
  created_at timestamptz not null default now()
);
create index import_review_job on import_review (job_id, row_number);
create index import_review_pending on import_review (facility_id, created_at) where state = 'pending';

-- Column mappings saved per facility, reused by name.
create table import_mapping (
  facility_id uuid not null references facility (id),
  name text not null,
  mapping jsonb not null,
  created_by uuid references staff_user (id),
  updated_at timestamptz not null default now(),
  primary key (facility_id, name)
);

-- An imported dose carries its key: facility id + the legacy row id, or a hash of the normalised row,
-- and the job that wrote it (no foreign key: checked for every imported row it cost a fifth of the
-- insert, and jobs are never deleted).
alter table dose add column import_key text;
alter table dose add column import_job_id uuid;
create unique index dose_import_key on dose (import_key) where import_key is not null;
