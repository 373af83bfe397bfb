import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Localized } from '../../../shared/messages.ts';
import type { DB } from '../../db/schema.ts';
import type { SmsSender } from './sms.ts';

export interface InboxMessage {
  kind: string;
  title: Localized;
  body: Localized;
  personId?: string | null;
}

/** Puts a message in an account's in-app inbox (call it inside the transaction of the event). */
export async function notifyAccount(db: Kysely<DB>, accountId: string, message: InboxMessage) {
  await db
    .insertInto('notification')
    .values({
      account_id: accountId,
      kind: message.kind,
      title_vi: message.title.vi,
      title_en: message.title.en,
      body_vi: message.body.vi,
      body_en: message.body.en,
      person_id: message.personId ?? null,
    })
    .execute();
}

/** Sends an SMS after the event committed; failures are logged, not thrown (issue 4 adds the outbox). */
export function smsAfterCommit(sms: SmsSender, log: FastifyBaseLogger, to: string, text: string) {
  sms
    .send({ to, text })
    .catch((error) => log.warn({ err: error, channel: sms.channel }, 'SMS delivery failed'));
}

/** The inbox of an account, newest first. */
export async function listInbox(db: Kysely<DB>, accountId: string, limit: number) {
  const rows = await db
    .selectFrom('notification')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
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
  await db
    .updateTable('notification')
    .set({ read_at: now })
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
}
