-- Facilities (vaccination sites, clinics, hospitals) and the person registry.

create table facility (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  kind text not null check (kind in ('vaccination_site', 'commune_health_station', 'clinic', 'hospital', 'mobile_team')),
  unit_id text not null references admin_unit (id),
  address_line text,
  capacity_per_day integer check (capacity_per_day is null or capacity_per_day > 0),
  active boolean not null default true,
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);
create index facility_unit on facility (unit_id);

-- A person is an identity. Duplicates are merged, never deleted: the loser points to the winner.
create table person (
  id uuid primary key default gen_random_uuid(),
  full_name text not null,
  name_key text not null,
  birth_date date not null,
  sex text not null check (sex in ('male', 'female')),
  cccd text,
  cmnd text,
  passport text,
  phone text,
  bhyt text,
  nationality text not null default 'VNM',
  unit_id text references admin_unit (id),
  address_line text,
  priority_group text,
  merged_into uuid references person (id),
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index person_cccd on person (cccd) where cccd is not null and merged_into is null;
create index person_name_birth on person (name_key, birth_date);
create index person_phone on person (phone);
create index person_unit on person (unit_id);
