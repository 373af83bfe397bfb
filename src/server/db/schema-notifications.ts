import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Tables of the notification outbox and Web Push subscriptions (migrations/0010; see schema.ts). */
export interface PushSubscriptionTable {
  id: Generated<string>;
  account_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Generated<Date>;
}

export type OutboxChannel = 'inbox' | 'sms' | 'push';
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface NotificationOutboxTable {
  id: Generated<string>;
  dedupe_key: string;
  account_id: string;
  person_id: string | null;
  kind: string;
  params: JSONColumnType<Record<string, unknown>, string, string>;
  channel: OutboxChannel;
  push_subscription_id: string | null;
  state: Generated<OutboxState>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  locked_until: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, Date>;
}
