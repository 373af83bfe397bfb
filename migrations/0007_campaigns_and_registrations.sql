-- Vaccination campaigns (which vaccines, ages, priority-group set) and registrations for them.
create table campaign (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name_vi text not null,
  name_en text not null,
  priority_group_set text not null references priority_group_set (code),
  vaccine_codes jsonb not null,
  min_age integer not null default 18,
  max_age integer,
  starts_on date not null,
  ends_on date,
  created_at timestamptz not null default now()
);

create table registration (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references campaign (id),
  person_id uuid not null references person (id),
  priority_group text,
  preferred_unit_id text references admin_unit (id),
  preferred_facility_id uuid references facility (id),
  preferred_from date,
  preferred_to date,
  screening jsonb not null,
  state text not null default 'pending'
    check (state in ('pending', 'scheduled', 'checked_in', 'vaccinated', 'deferred', 'cancelled')),
  source text not null check (source in ('citizen', 'walk_in')),
  account_id uuid references citizen_account (id),
  staff_id uuid references staff_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One open registration per person and campaign.
create unique index registration_open on registration (campaign_id, person_id) where state in ('pending', 'scheduled', 'checked_in');
create index registration_queue on registration (campaign_id, state, priority_group, created_at);
