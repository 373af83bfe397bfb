-- How far into its file a job has read, in bytes: a progress bar before the number of rows is known
-- (it is only known once the whole file has been read).
alter table import_job add column bytes_read bigint not null default 0;
