-- The end of the observation after a dose at a site ("Cho về"): when, and by which staff member. A dose
-- discharged leaves the observation list; null while the person is still watched (or never was).
ALTER TABLE dose ADD COLUMN discharged_at timestamptz;
ALTER TABLE dose ADD COLUMN discharged_by uuid REFERENCES staff_user (id);
