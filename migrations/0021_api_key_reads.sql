-- A facility API key reads back the doses it recorded (GET /api/staff/doses/recorded-by-key), newest
-- page by page. Only doses sent with a key are indexed, so site and import writes pay nothing.
CREATE INDEX dose_recorded_by_api ON dose (recorded_by, recorded_at, id) WHERE source = 'api';
