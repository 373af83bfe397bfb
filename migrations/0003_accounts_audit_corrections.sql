-- Citizen accounts and households, staff users, sessions, one-time codes, audit, merges, corrections.

-- Where a person has records made (created, registered, vaccinated): a facility's staff see these people.
create table person_facility (
  person_id uuid not null references person (id),
  facility_id uuid not null references facility (id),
  reason text not null check (reason in ('created', 'identified', 'registration', 'dose', 'import')),
  since timestamptz not null default now(),
  primary key (person_id, facility_id)
);
create index person_facility_facility on person_facility (facility_id);

create table citizen_account (
  id uuid primary key default gen_random_uuid(),
  phone text not null,
  lang text not null default 'vi' check (lang in ('vi', 'en')),
  created_at timestamptz not null default now(),
  last_login_at timestamptz,
  -- Deleting an account unlinks it; the row stays so the audit trail keeps its actor.
  deleted_at timestamptz
);
create unique index citizen_account_phone on citizen_account (phone) where deleted_at is null;

create table household_member (
  account_id uuid not null references citizen_account (id),
  person_id uuid not null references person (id),
  relationship text not null check (relationship in ('self', 'spouse', 'child', 'parent', 'other')),
  added_at timestamptz not null default now(),
  primary key (account_id, person_id)
);
create index household_member_person on household_member (person_id);

create table otp_challenge (
  id uuid primary key default gen_random_uuid(),
  phone text not null,
  code_hash text not null,
  expires_at timestamptz not null,
  attempts integer not null default 0,
  consumed_at timestamptz,
  superseded_at timestamptz,
  ip text,
  created_at timestamptz not null default now()
);
create index otp_challenge_phone on otp_challenge (phone, created_at desc);

create table staff_user (
  id uuid primary key default gen_random_uuid(),
  username text not null unique,
  display_name text not null,
  password_hash text not null,
  role text not null check (role in ('admin', 'province_manager', 'commune_manager', 'site_staff', 'clinic_staff')),
  unit_id text references admin_unit (id),
  facility_id uuid references facility (id),
  totp_secret text,
  totp_enabled boolean not null default false,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  password_changed_at timestamptz not null default now(),
  check (
    (role = 'admin' and unit_id is null and facility_id is null)
    or (role in ('province_manager', 'commune_manager') and unit_id is not null and facility_id is null)
    or (role in ('site_staff', 'clinic_staff') and facility_id is not null and unit_id is null)
  )
);

-- Server-side sessions; the cookie holds a random token, the table its SHA-256.
create table session (
  token_hash text primary key,
  kind text not null check (kind in ('citizen', 'staff')),
  account_id uuid references citizen_account (id),
  staff_id uuid references staff_user (id),
  csrf_token text not null,
  needs_totp boolean not null default false,
  ip text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  check ((kind = 'citizen' and account_id is not null) or (kind = 'staff' and staff_id is not null))
);
create index session_account on session (account_id);
create index session_staff on session (staff_id);

-- Append-only record of who did what to which record, including staff reads of personal data.
create table audit_event (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_kind text not null check (actor_kind in ('staff', 'citizen', 'system')),
  actor_id uuid,
  actor_role text,
  actor_label text,
  action text not null,
  person_id uuid references person (id),
  record_type text,
  record_id text,
  ip text,
  details jsonb not null default '{}'
);
create index audit_event_person on audit_event (person_id, at desc);
create index audit_event_actor on audit_event (actor_id, at desc);
create index audit_event_at on audit_event (at desc);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only';
end;
$$;
create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_is_append_only();

create table person_merge (
  id uuid primary key default gen_random_uuid(),
  winner_id uuid not null references person (id),
  loser_id uuid not null references person (id),
  merged_by uuid not null references staff_user (id),
  reason text not null,
  moved jsonb not null,
  merged_at timestamptz not null default now()
);
create index person_merge_winner on person_merge (winner_id);

create table stored_file (
  id uuid primary key default gen_random_uuid(),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer not null,
  sha256 text not null,
  data bytea not null,
  uploaded_by_account uuid references citizen_account (id),
  created_at timestamptz not null default now()
);

create table correction_request (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references person (id),
  account_id uuid not null references citizen_account (id),
  field text not null check (field in ('full_name', 'birth_date', 'sex', 'cccd', 'cmnd', 'passport')),
  old_value text,
  new_value text not null,
  citizen_note text,
  document_id uuid references stored_file (id),
  status text not null default 'pending' check (status in ('pending', 'needs_info', 'approved', 'rejected')),
  decided_by uuid references staff_user (id),
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index correction_request_person on correction_request (person_id);
create index correction_request_status on correction_request (status, created_at);

-- The in-app inbox of a citizen account.
create table notification (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references citizen_account (id),
  kind text not null,
  title_vi text not null,
  title_en text not null,
  body_vi text not null,
  body_en text not null,
  person_id uuid references person (id),
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notification_account on notification (account_id, created_at desc);
