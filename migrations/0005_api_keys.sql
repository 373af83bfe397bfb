-- API keys for site software: each key acts as a service account (a site_staff user) of one facility.
alter table staff_user add column is_service boolean not null default false;

create table api_key (
  id uuid primary key default gen_random_uuid(),
  staff_id uuid not null unique references staff_user (id),
  facility_id uuid not null references facility (id),
  name text not null,
  key_hash text not null unique,
  key_prefix text not null,
  created_by uuid references staff_user (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
