-- Site tallies (issue 6, part 5): the number of doses a site (or its commune, or its software) says it
-- gave per day and vaccine. With the dose records this gives data completeness per site, commune and
-- province. A later report for the same key replaces the number; every change is kept as a revision.

create table dose_tally (
  id uuid primary key default gen_random_uuid(),
  facility_id uuid not null references facility (id),
  day date not null,
  vaccine_code text not null references vaccine_product (code),
  doses integer not null check (doses between 0 and 100000),
  source text not null check (source in ('site', 'commune', 'api')),
  reported_by uuid references staff_user (id),
  reported_at timestamptz not null default now(),
  unique (facility_id, day, vaccine_code)
);
-- Completeness reads tallies of a date range for many facilities.
create index dose_tally_day on dose_tally (day, facility_id);

-- Append-only history: the first report and every change of the number (a resend of the same number
-- is not a change).
create table dose_tally_revision (
  id bigint generated always as identity primary key,
  tally_id uuid not null references dose_tally (id),
  doses integer not null,
  previous_doses integer,
  source text not null check (source in ('site', 'commune', 'api')),
  reported_by uuid references staff_user (id),
  reported_at timestamptz not null
);
create index dose_tally_revision_tally on dose_tally_revision (tally_id, id);

-- Data-quality report (issue 6, part 7): the categories scan only the rows that can be wrong.
-- Adults without a CCCD, by commune.
create index person_without_cccd on person (unit_id, birth_date)
  where cccd is null and merged_into is null;
-- Doses with a lot number typed but no lot record (imports).
create index dose_unmatched_lot on dose (facility_id)
  where lot_id is null and lot_number is not null and status = 'recorded';
