-- Durable notifications: Web Push subscriptions and an outbox written in the transaction of the event.
-- The VAPID keys live in instance_setting (key 'push.vapid'), so every server process shares them.

-- A browser's PushSubscription (one per device and account); the push service answering 404/410 deletes it.
create table push_subscription (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references citizen_account (id),
  endpoint text not null unique,
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null default now()
);
create index push_subscription_account on push_subscription (account_id);

-- One message for one channel. 'inbox' rows are the event itself: written 'sent' when the in-app message is
-- put in the inbox at once, or 'pending' with a later not_before (a reminder) to be delivered then, when the
-- runner also adds the sms and push rows. Text is rendered at send time from kind + params in the account's
-- language; params and last_error never hold names, phone numbers or ID numbers.
create table notification_outbox (
  id uuid primary key default gen_random_uuid(),
  -- The event's key plus the channel: an event enqueued twice yields one row per channel.
  dedupe_key text not null unique,
  account_id uuid not null references citizen_account (id),
  person_id uuid references person (id),
  kind text not null,
  params jsonb not null default '{}',
  channel text not null check (channel in ('inbox', 'sms', 'push')),
  push_subscription_id uuid references push_subscription (id) on delete set null,
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  -- Not sent before this time; after a failed attempt, the time of the next one.
  next_attempt_at timestamptz not null default now(),
  -- The lease of the runner that claimed the row ('sending'); once past, another runner may claim it again.
  locked_until timestamptz,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
-- The runner's claim: due pending rows, and 'sending' rows whose lease expired.
create index notification_outbox_due on notification_outbox (next_attempt_at) where state = 'pending';
create index notification_outbox_leased on notification_outbox (locked_until) where state = 'sending';
create index notification_outbox_account on notification_outbox (account_id, created_at desc);
