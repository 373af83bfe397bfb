-- A recorded dose closes the person's registration for that day (see 0009), now once per statement over
-- the statement's new doses instead of once per dose: a bulk import inserts thousands of doses a
-- statement, and the per-row trigger's plpgsql call and UPDATE were a fifth of each dose's insert cost.
-- Same effect, same transaction.
create function registration_close_on_doses() returns trigger language plpgsql as $$
begin
  update registration r
     set state = 'vaccinated', updated_at = now()
    from new_doses d
   where d.status = 'recorded'
     and r.person_id = d.person_id
     and r.state in ('scheduled', 'checked_in')
     and (r.visit_date = d.given_on
          or exists (select 1 from vaccination_session s
                      where s.id = r.session_id and s.session_date = d.given_on));
  return null;
end $$;

drop trigger dose_closes_registration on dose;
drop function registration_close_on_dose();

create trigger dose_closes_registration after insert on dose
  referencing new table as new_doses
  for each statement execute function registration_close_on_doses();
