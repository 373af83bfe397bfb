-- Vaccine lots, stock movements with a per-holder stock rollup, and dose records.

create table vaccine_lot (
  id uuid primary key default gen_random_uuid(),
  vaccine_code text not null references vaccine_product (code),
  lot_number text not null,
  expires_on date not null,
  doses_per_vial integer not null default 10 check (doses_per_vial > 0),
  created_at timestamptz not null default now(),
  unique (vaccine_code, lot_number)
);

-- Who holds stock: 'national', 'unit:<admin unit id>' or 'facility:<facility id>'.
-- Every change of stock is a movement; levels are never edited directly.
create table stock_movement (
  id uuid primary key default gen_random_uuid(),
  lot_id uuid not null references vaccine_lot (id),
  kind text not null check (kind in ('receipt', 'allocation', 'use', 'void_use', 'wastage', 'return')),
  from_holder text,
  to_holder text,
  quantity integer not null check (quantity > 0),
  dose_id uuid,
  note text,
  recorded_by uuid references staff_user (id),
  recorded_at timestamptz not null default now(),
  check (from_holder is not null or to_holder is not null)
);
create index stock_movement_lot on stock_movement (lot_id, recorded_at);
create index stock_movement_dose on stock_movement (dose_id) where dose_id is not null;

-- Rollup of the movements, kept in the same transaction as each movement (dashboards read this).
create table stock_level (
  holder text not null,
  lot_id uuid not null references vaccine_lot (id),
  quantity integer not null,
  primary key (holder, lot_id)
);

create table dose (
  id uuid primary key,
  person_id uuid not null references person (id),
  vaccine_code text not null references vaccine_product (code),
  lot_id uuid references vaccine_lot (id),
  lot_number text,
  dose_number integer not null check (dose_number between 1 and 10),
  given_at timestamptz not null,
  given_on date not null,
  facility_id uuid references facility (id),
  country text not null default 'VNM',
  vaccinator text,
  source text not null check (source in ('site', 'import', 'api', 'abroad')),
  status text not null default 'recorded' check (status in ('recorded', 'entered_in_error')),
  void_reason text,
  voided_by uuid references staff_user (id),
  voided_at timestamptz,
  replaces uuid references dose (id),
  override_reason text,
  primary_source boolean not null default true,
  request_hash text not null,
  recorded_by uuid references staff_user (id),
  recorded_at timestamptz not null default now()
);
-- One recorded dose per number and person: a second dose 1 needs the first voided.
create unique index dose_number_once on dose (person_id, dose_number) where status = 'recorded';
create index dose_person on dose (person_id, given_on);
create index dose_facility_day on dose (facility_id, given_on);
