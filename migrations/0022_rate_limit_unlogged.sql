-- Rate-limit counters are bookkeeping, counted on every limited request (two per citizen sign-in):
-- kept out of the write-ahead log, an upsert costs no WAL write and its commit no flush. After a crash
-- PostgreSQL empties an unlogged table, which only restarts the current windows; the sign-in code
-- budgets that lock a phone for a day (otp_phone_budget) stay logged.
alter table rate_limit_counter set unlogged;
