-- Reference data: administrative units (2025 and pre-2025), vaccines, EU DCC value sets, priority groups.
-- Rows are loaded from files in reference/ by the reference loader; this file only creates the tables.

create table reference_dataset (
  name text primary key,
  checksum text not null,
  row_count integer not null,
  loaded_at timestamptz not null default now()
);

create table instance_setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- Administrative units as data with validity dates. `edition` names the structure a unit belongs to:
-- '2025' (34 provinces, communes directly under them) or '2008' (63 provinces, districts, communes).
create table admin_unit (
  id text primary key,
  edition text not null,
  code text not null,
  level text not null check (level in ('province', 'district', 'commune')),
  kind text not null,
  name text not null,
  short_name text not null,
  search_key text not null,
  short_key text not null,
  parent_id text references admin_unit (id),
  valid_from date,
  valid_to date,
  unique (edition, code)
);
create index admin_unit_parent on admin_unit (parent_id);
create index admin_unit_level on admin_unit (edition, level);

-- Old unit -> new unit(s). `coverage` is 'full' when the whole old unit went into the new one.
create table admin_unit_successor (
  old_unit_id text not null references admin_unit (id),
  new_unit_id text not null references admin_unit (id),
  coverage text not null check (coverage in ('full', 'partial')),
  primary key (old_unit_id, new_unit_id)
);
create index admin_unit_successor_new on admin_unit_successor (new_unit_id);

create table vaccine_product (
  code text primary key,
  name text not null,
  brand text not null,
  manufacturer text not null,
  platform text not null,
  eu_mp text not null,
  eu_ma text not null,
  eu_vp text not null,
  doses_in_series integer not null check (doses_in_series between 1 and 5),
  -- [{ "afterDose": 1, "minDays": 28, "recommendedDays": 56 }]
  intervals jsonb not null,
  -- products allowed for the next primary dose after this one, besides itself
  mix_with jsonb not null,
  min_age integer,
  max_age integer,
  notes jsonb not null,
  ordinal integer not null
);

create table eu_dcc_value_set (
  id text primary key,
  file text not null,
  version_date date not null
);

create table eu_dcc_value (
  value_set_id text not null references eu_dcc_value_set (id),
  code text not null,
  display text not null,
  active boolean not null,
  system text not null,
  primary key (value_set_id, code)
);

create table priority_group_set (
  code text primary key,
  name_vi text not null,
  name_en text not null,
  legal_basis text not null,
  valid_from date not null,
  valid_to date
);

create table priority_group (
  set_code text not null references priority_group_set (code),
  code text not null,
  ordinal integer not null,
  name_vi text not null,
  name_en text not null,
  documents_vi text,
  documents_en text,
  primary key (set_code, code)
);
