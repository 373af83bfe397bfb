-- Vaccination day: check-in at a facility, the screening of Decision 5785/QĐ-BYT, and the registration
-- closing itself when the dose is recorded.
alter table registration add column visit_facility_id uuid references facility (id);
alter table registration add column visit_date date;
alter table registration add column checked_in_at timestamptz;
alter table registration add column checked_in_by uuid references staff_user (id);
create index registration_visit on registration (visit_facility_id, visit_date) where visit_date is not null;
create index registration_person_open on registration (person_id) where state in ('scheduled', 'checked_in');

-- One row per screening; a later screening of the same registration supersedes the earlier one (the
-- newest counts). The id is the client's, so a resend returns the same row.
create table screening (
  id uuid primary key,
  registration_id uuid not null references registration (id),
  person_id uuid not null references person (id),
  facility_id uuid not null references facility (id),
  answers jsonb not null,
  vitals jsonb not null,
  suggested_outcome text not null
    check (suggested_outcome in ('vaccinate', 'caution', 'defer', 'contraindicated', 'hospital')),
  outcome text not null check (outcome in ('vaccinate', 'caution', 'defer', 'contraindicated', 'hospital')),
  -- A doctor who chooses a milder outcome than the suggestion says why.
  override_reason text,
  note text,
  screened_by uuid not null references staff_user (id),
  screened_at timestamptz not null default now(),
  request_hash text not null
);
create index screening_registration on screening (registration_id, screened_at desc);

-- A recorded dose closes the person's registration for that day (scheduled into a session on the
-- dose's date, or checked in on it). In the database so every path (site screen, batch API, import)
-- does it in the dose's own transaction.
create function registration_close_on_dose() returns trigger language plpgsql as $$
begin
  update registration r
     set state = 'vaccinated', updated_at = now()
   where r.person_id = new.person_id
     and r.state in ('scheduled', 'checked_in')
     and (r.visit_date = new.given_on
          or exists (select 1 from vaccination_session s
                      where s.id = r.session_id and s.session_date = new.given_on));
  return null;
end $$;
create trigger dose_closes_registration after insert on dose
  for each row when (new.status = 'recorded') execute function registration_close_on_dose();
