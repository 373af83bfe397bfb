import type { Kysely } from 'kysely';
import type { Localized } from '../../../shared/messages.ts';
import type { DB } from '../../db/schema.ts';
import * as repo from './inbox.repository.ts';

export interface InboxMessage {
  kind: string;
  title: Localized;
  body: Localized;
  personId?: string | null;
  /** When the message arrived (the injected clock); the database's time when not given. */
  createdAt?: Date;
}

/**
 * Puts a message in an account's in-app inbox (call it inside the transaction of the event). Events that
 * should also reach the phone go through `enqueue` in outbox.service.ts, which calls this.
 */
export async function notifyAccount(db: Kysely<DB>, accountId: string, message: InboxMessage) {
  await repo.insertMessage(db, {
    account_id: accountId,
    kind: message.kind,
    title_vi: message.title.vi,
    title_en: message.title.en,
    body_vi: message.body.vi,
    body_en: message.body.en,
    person_id: message.personId ?? null,
    ...(message.createdAt ? { created_at: message.createdAt } : {}),
  });
}

/** The inbox of an account, newest first. */
export async function listInbox(db: Kysely<DB>, accountId: string, limit: number) {
  const rows = await repo.messagesOf(db, accountId, limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: { vi: r.title_vi, en: r.title_en },
    body: { vi: r.body_vi, en: r.body_en },
    personId: r.person_id,
    createdAt: r.created_at.toISOString(),
    read: r.read_at !== null,
  }));
}

/** Marks inbox messages read. */
export async function markRead(db: Kysely<DB>, accountId: string, ids: string[], now: Date) {
  if (!ids.length) return;
  await repo.markRead(db, accountId, ids, now);
}

/** The messages an account received about a person (the member's data export). */
export async function messagesAbout(db: Kysely<DB>, accountId: string, personId: string) {
  const rows = await repo.messagesAbout(db, accountId, personId);
  return rows.map((n) => ({ ...n, created_at: n.created_at.toISOString() }));
}
