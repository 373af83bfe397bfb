-- Vaccination sessions with capacity; registrations are scheduled into them.
create table vaccination_session (
  id uuid primary key default gen_random_uuid(),
  facility_id uuid not null references facility (id),
  campaign_id uuid not null references campaign (id),
  session_date date not null,
  vaccine_code text not null references vaccine_product (code),
  capacity integer not null check (capacity > 0),
  -- Seats taken; the check is the last guard, the conditional update that claims a seat the first.
  booked integer not null default 0 check (booked >= 0 and booked <= capacity),
  slots jsonb not null default '[]',
  created_by uuid references staff_user (id),
  created_at timestamptz not null default now()
);
create index vaccination_session_facility_day on vaccination_session (facility_id, session_date);

alter table registration add column session_id uuid references vaccination_session (id);
alter table registration add column slot text;
