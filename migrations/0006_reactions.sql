-- Reactions after vaccination (AEFI): reported by citizens or recorded by staff; serious ones alert managers.
create table aefi_report (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references person (id),
  dose_id uuid references dose (id),
  reporter_kind text not null check (reporter_kind in ('citizen', 'staff')),
  account_id uuid references citizen_account (id),
  staff_id uuid references staff_user (id),
  onset_at timestamptz not null,
  symptoms jsonb not null,
  severity text not null check (severity in ('mild', 'moderate', 'severe')),
  description text,
  serious boolean not null default false,
  serious_criteria jsonb not null default '[]',
  outcome text check (outcome in ('recovering', 'recovered', 'recovered_with_sequelae', 'not_recovered', 'died', 'unknown')),
  created_at timestamptz not null default now()
);
create index aefi_report_person on aefi_report (person_id);
create index aefi_report_serious on aefi_report (serious, created_at desc);

-- What managers must see at once: one row per unit (commune and province) per serious event.
create table staff_alert (
  id uuid primary key default gen_random_uuid(),
  unit_id text not null references admin_unit (id),
  kind text not null,
  person_id uuid references person (id),
  aefi_id uuid references aefi_report (id),
  created_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid references staff_user (id)
);
create index staff_alert_unit on staff_alert (unit_id, created_at desc);
