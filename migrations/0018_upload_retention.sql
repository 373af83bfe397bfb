-- Uploaded files are deleted some time after they are no longer needed (the retention job in
-- modules/files/retention.ts); the rows that describe them stay, marked with when their bytes went, so
-- the screens can say the file was deleted after the retention period instead of failing.

-- An import job's stored pieces (import_file_chunk) are deleted once the job has ended long enough.
alter table import_job add column file_purged_at timestamptz;
-- Values of a job's error message (e.g. {"row": 2, "maximum": 64} for a record over the size limit).
alter table import_job add column error_params jsonb;

-- A document photo's bytes are cleared (data null) once every request it is attached to was decided
-- long enough ago, or a day after an upload never attached to a request.
alter table stored_file add column purged_at timestamptz;
alter table stored_file alter column data drop not null;
alter table stored_file add constraint stored_file_data_until_purged
  check ((data is null) = (purged_at is not null));

-- The retention job looks at files that still hold bytes, and for each at the requests naming it.
create index stored_file_live on stored_file (created_at) where purged_at is null;
create index correction_request_document on correction_request (document_id) where document_id is not null;
