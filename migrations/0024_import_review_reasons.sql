-- Issue 12: two more reasons a legacy import row waits for a person's decision.
-- * likely_duplicate (was identity_weak): the row would create a person whose name matches a person on
--   record ignoring diacritics and case ("Nguyen Van Binh" / "Nguyễn Văn Bình"), with the same birth
--   date and nothing (CCCD, CMND, sex) telling them apart.
-- * missing_earlier_dose: a dose N > 1 of a person with no earlier dose of the series on record.
alter table import_review drop constraint import_review_reason_check;
update import_review set reason = 'likely_duplicate' where reason = 'identity_weak';
alter table import_review add constraint import_review_reason_check
  check (reason in ('identity_ambiguous', 'likely_duplicate', 'identity_mismatch', 'conflicting_dose',
    'missing_earlier_dose', 'outside_reach'));
