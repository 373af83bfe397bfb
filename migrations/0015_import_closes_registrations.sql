-- Imported doses close the day's registrations in the import's own statement, set-based, once per batch
-- (modules/imports/batch-write.ts): the per-row trigger's plpgsql call and UPDATE were a fifth of each
-- imported dose's insert cost. Every other path (site screen, batch API), where doses arrive one or a
-- few at a time, keeps the trigger of 0009 unchanged.
drop trigger dose_closes_registration on dose;
create trigger dose_closes_registration after insert on dose
  for each row when (new.status = 'recorded' and new.source <> 'import')
  execute function registration_close_on_dose();
