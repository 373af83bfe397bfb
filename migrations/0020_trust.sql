-- Trust: the holes an attacker's review found, closed in the schema.

-- A walk-in identification links a person to a facility only for a while: the link lapses unless a
-- visit, registration or dose at the facility follows (those writes clear expires_at).
alter table person_facility add column expires_at timestamptz;

-- TOTP codes are accepted once: the last time step used is remembered.
alter table staff_user add column totp_last_step bigint;

-- Facility API keys expire; last use is kept (written at most every few minutes).
alter table api_key add column expires_at timestamptz;

-- Sessions: the second factor may be owed as an enrolment (roles that must use TOTP).
alter table session add column needs_totp_setup boolean not null default false;

-- Fixed-window counters shared by every process (rate limits, budgets): one row per key, updated with
-- a single INSERT … ON CONFLICT DO UPDATE … RETURNING, so parallel requests count one by one.
create table rate_limit_counter (
  key text primary key,
  hits integer not null,
  window_ends timestamptz not null
);
create index rate_limit_counter_ends on rate_limit_counter (window_ends);

-- One row per phone: codes sent in the current window, and the strikes that escalate to a long lockout
-- (a window used up, or a code locked by wrong attempts). Updated atomically like the counters.
create table otp_phone_budget (
  phone text primary key,
  window_ends timestamptz not null,
  codes integer not null,
  strikes integer not null default 0,
  strikes_since timestamptz not null,
  locked_until timestamptz
);

-- Adding a person who has a CCCD to a household is a request until the person consents: a code sent to
-- the phone on the person's record, or staff who check the card at a site. What the citizen typed is
-- kept to compare and (for a CCCD not yet registered) to create the person on confirmation.
create table household_link_request (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references citizen_account (id),
  -- The registry person the CCCD, name and birth date matched; null when nothing matched.
  person_id uuid references person (id),
  cccd text not null,
  claimed jsonb not null,
  relationship text not null check (relationship in ('self', 'spouse', 'child', 'parent', 'other')),
  -- HMAC of the code sent by SMS; null when no code could be sent (confirmation at a site only).
  code_hash text,
  attempts integer not null default 0,
  state text not null default 'pending' check (state in ('pending', 'confirmed', 'rejected', 'cancelled')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  decided_at timestamptz,
  decided_by uuid references staff_user (id),
  linked_person_id uuid references person (id)
);
create index household_link_request_account on household_link_request (account_id, created_at desc);
create index household_link_request_cccd on household_link_request (cccd) where state = 'pending';

-- The audit trail refuses TRUNCATE too (a statement trigger: row triggers never see it).
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_is_append_only();

-- An import row whose person exists outside the importer's reach waits for someone whose reach covers
-- the person; the importer sees only that such a person exists.
alter table import_review drop constraint import_review_reason_check;
alter table import_review add constraint import_review_reason_check
  check (reason in ('identity_ambiguous', 'identity_weak', 'identity_mismatch', 'conflicting_dose', 'outside_reach'));
