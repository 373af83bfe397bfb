import type { Kysely } from 'kysely';
import { vietnamDate } from '../../../shared/format.ts';
import { addDays } from '../../../shared/rules/dates.ts';
import type { DB } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import * as citizenAccounts from '../accounts/citizen-accounts.repository.ts';
import * as people from '../people/people.repository.ts';
import { notifyAccount } from './inbox.service.ts';
import * as repo from './outbox.repository.ts';
import * as push from './push.repository.ts';
import { inboxKind, type NotificationKind, renderInbox, type TemplateParams } from './templates.ts';

/**
 * The notification outbox. `enqueue` is called INSIDE the transaction of the event, so a message exists
 * if and only if the event committed. Each event has a key; the outbox holds one row per channel whose
 * dedupe key is the event key plus the channel, so enqueuing the same event twice changes nothing.
 *
 * - the in-app inbox: a row with channel 'inbox'. For a message due now the inbox message is written at
 *   once (and the row is 'sent'); for a later one (a reminder) the runner writes it when it is due, after
 *   checking the message still applies, and only then adds the SMS and push rows.
 * - SMS to the account's phone (read at send time, never copied into the outbox);
 * - Web Push to each of the account's subscriptions.
 */
export interface EnqueueInput<K extends NotificationKind = NotificationKind> {
  /** Identifies the event, e.g. `appointment.scheduled:<registration>:<session>`. */
  key: string;
  accountId: string;
  personId?: string | null;
  kind: K;
  params: TemplateParams[K];
  now: Date;
  /** Deliver at this time instead of now (reminders). */
  notBefore?: Date;
}

/** The calendar day in Vietnam (UTC+7, no daylight saving) at an instant. */
export function vietnamDay(at: Date): string {
  return vietnamDate(at);
}

/** The time 08:00 in Vietnam (UTC+7, no daylight saving) on a YYYY-MM-DD day: when reminders go out. */
export function vietnamMorning(day: string): Date {
  return new Date(`${day}T08:00:00+07:00`);
}

/** Adds a message to the outbox; false when this event was already enqueued. Joins the caller's transaction. */
export function enqueue<K extends NotificationKind>(
  db: Kysely<DB>,
  input: EnqueueInput<K>,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const later = input.notBefore !== undefined && input.notBefore.getTime() > input.now.getTime();
    const [event] = await repo.insertRows(trx, [
      {
        dedupe_key: input.key,
        account_id: input.accountId,
        person_id: input.personId ?? null,
        kind: input.kind,
        params: JSON.stringify(input.params),
        channel: 'inbox',
        state: later ? 'pending' : 'sent',
        next_attempt_at: later ? input.notBefore : input.now,
        sent_at: later ? null : input.now,
        created_at: input.now,
      },
    ]);
    if (!event) return false;
    if (!later) await deliverInbox(trx, { ...input, personId: input.personId ?? null }, input.now);
    return true;
  });
}

/**
 * Writes the inbox message of an event and adds its SMS and push rows, due now. Used by `enqueue` for a
 * message due at once and by the runner for a reminder that fell due.
 */
export async function deliverInbox(
  trx: Kysely<DB>,
  event: { key: string; accountId: string; personId: string | null; kind: NotificationKind; params: unknown },
  now: Date,
) {
  const account = await citizenAccounts.contactOf(trx, event.accountId);
  if (!account || account.deleted_at) return;
  const person = event.personId ? await people.fullNameOf(trx, event.personId) : undefined;
  const text = renderInbox(event.kind, event.params as never, event.personId, { person });
  await notifyAccount(trx, event.accountId, {
    kind: inboxKind(event.kind, event.params),
    personId: event.personId,
    ...text,
    createdAt: now,
  });
  const subscriptions = await push.subscriptionIdsOf(trx, event.accountId);
  const row = {
    account_id: event.accountId,
    person_id: event.personId,
    kind: event.kind,
    params: JSON.stringify(event.params),
    next_attempt_at: now,
    created_at: now,
  };
  await repo.addRows(trx, [
    { ...row, dedupe_key: `${event.key}:sms`, channel: 'sms' as const },
    ...subscriptions.map((s) => ({
      ...row,
      dedupe_key: `${event.key}:push:${s.id}`,
      channel: 'push' as const,
      push_subscription_id: s.id,
    })),
  ]);
}

async function toAccounts(db: Kysely<DB>, personId: string, accountId: string | undefined) {
  return accountId ? [accountId] : repo.accountsOfPerson(db, personId);
}

/**
 * Schedules "dose N is due" for the morning of `dueOn` (Vietnam time), to the given account or to every
 * household holding the person. At send time it is skipped if the person already has dose N or a later
 * one recorded. Call it in the transaction that recorded the previous dose.
 */
export async function scheduleNextDoseDue(
  db: Kysely<DB>,
  input: {
    accountId?: string;
    personId: string;
    vaccine: string;
    dueOn: string;
    doseNumber: number;
    now: Date;
  },
) {
  for (const accountId of await toAccounts(db, input.personId, input.accountId)) {
    await enqueue(db, {
      key: `dose.next_due:${input.personId}:${input.doseNumber}:${accountId}`,
      accountId,
      personId: input.personId,
      kind: 'dose.next_due',
      params: { vaccine: input.vaccine, date: input.dueOn, doseNumber: input.doseNumber },
      now: input.now,
      notBefore: vietnamMorning(input.dueOn),
    });
  }
}

/** Tells the household(s) a person's certificate is ready (e.g. after a dose), once per `eventId`. */
export async function scheduleCertificateReady(
  db: Kysely<DB>,
  input: { accountId?: string; personId: string; eventId: string; now: Date },
) {
  for (const accountId of await toAccounts(db, input.personId, input.accountId)) {
    await enqueue(db, {
      key: `certificate.ready:${input.personId}:${input.eventId}:${accountId}`,
      accountId,
      personId: input.personId,
      kind: 'certificate.ready',
      params: {},
      now: input.now,
    });
  }
}

/**
 * Tells the household(s) a person's certificate was revoked by staff, with the reason and the day, once
 * per revocation (the UVCI is the event; it is not in the params). Call it in the revocation's
 * transaction.
 */
export async function scheduleCertificateRevoked(
  db: Kysely<DB>,
  input: {
    personId: string;
    uvci: string;
    reason: TemplateParams['certificate.revoked']['reason'];
    now: Date;
  },
) {
  for (const accountId of await repo.accountsOfPerson(db, input.personId)) {
    await enqueue(db, {
      key: `certificate.revoked:${input.uvci}:${accountId}`,
      accountId,
      personId: input.personId,
      kind: 'certificate.revoked',
      params: { reason: input.reason, date: vietnamDay(input.now) },
      now: input.now,
    });
  }
}

/** Asks how the person is `days` days (default 3) after a reported reaction, at 08:00 Vietnam time. */
export async function scheduleReactionFollowup(
  db: Kysely<DB>,
  input: { accountId: string; personId: string; reportId: string; now: Date; days?: number },
) {
  const day = addDays(vietnamDay(input.now), input.days ?? 3);
  await enqueue(db, {
    key: `reaction.followup:${input.reportId}`,
    accountId: input.accountId,
    personId: input.personId,
    kind: 'reaction.followup',
    params: { reportId: input.reportId },
    now: input.now,
    notBefore: vietnamMorning(day),
  });
}
