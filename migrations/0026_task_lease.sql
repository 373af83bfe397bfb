-- Background tasks that must run once across processes (planners, re-issue, retention) hold a lease
-- row while they work; another process skips its pass until the lease has expired or was let go.
create table task_lease (
  name text primary key,
  holder text not null,
  expires_at timestamptz not null
);
