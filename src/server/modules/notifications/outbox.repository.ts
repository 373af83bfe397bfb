import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { DB, NotificationOutboxTable, OutboxState } from '../../db/schema.ts';

/** The SQL of the notification outbox (`notification_outbox`): one row per event and channel. */

export type OutboxRow = Selectable<NotificationOutboxTable>;
type NewOutboxRow = Insertable<NotificationOutboxTable>;

/** Inserts rows; a row whose dedupe key exists already is left as it is. Returns the ids inserted. */
export function insertRows(db: Kysely<DB>, rows: NewOutboxRow[]) {
  return db
    .insertInto('notification_outbox')
    .values(rows)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
}

/** Inserts rows without reading anything back (dedupe keys already present are left as they are). */
export async function addRows(db: Kysely<DB>, rows: NewOutboxRow[]) {
  await db
    .insertInto('notification_outbox')
    .values(rows)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

interface ClaimOptions {
  batchSize: number;
  maxAttempts: number;
  leaseMs: number;
}

/**
 * Claims due rows in a short transaction: pending rows whose time came and 'sending' rows whose lease
 * expired (their runner died), locked with FOR UPDATE SKIP LOCKED so concurrent runners never take the
 * same row; each gets state 'sending', a lease and one more attempt. Sending happens after the commit.
 */
export async function claimDue(db: Kysely<DB>, now: Date, options: ClaimOptions): Promise<OutboxRow[]> {
  return db.transaction().execute(async (trx) => {
    // A row whose lease expired after its last allowed attempt is given up, not sent again and again.
    await trx
      .updateTable('notification_outbox')
      .set({ state: 'failed', locked_until: null, last_error: 'lease expired after the last attempt' })
      .where('state', '=', 'sending')
      .where('locked_until', '<', now)
      .where('attempts', '>=', options.maxAttempts)
      .execute();
    const due = await trx
      .selectFrom('notification_outbox')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('state', '=', 'sending'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(options.batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!due.length) return [];
    return trx
      .updateTable('notification_outbox')
      .set((eb) => ({
        state: 'sending',
        locked_until: new Date(now.getTime() + options.leaseMs),
        attempts: eb('attempts', '+', 1),
      }))
      .where(
        'id',
        'in',
        due.map((r) => r.id),
      )
      .returningAll()
      .execute();
  });
}

/**
 * Records the outcome of an attempt, only while this runner still holds the row: same attempt number
 * and still 'sending' (a runner whose lease expired and was re-claimed changes nothing).
 */
export async function markDone(
  db: Kysely<DB>,
  row: Pick<OutboxRow, 'id' | 'attempts'>,
  set: { state: OutboxState; next_attempt_at?: Date; last_error?: string | null },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('notification_outbox')
    .set({
      ...set,
      locked_until: null,
      ...(set.state === 'sent' ? { sent_at: now, last_error: null } : {}),
    })
    .where('id', '=', row.id)
    .where('state', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Skips what still waits to be sent to an account (deleted); the count. */
export async function skipPendingOf(db: Kysely<DB>, accountId: string) {
  const skipped = await db
    .updateTable('notification_outbox')
    .set({ state: 'skipped', last_error: 'account deleted', locked_until: null })
    .where('account_id', '=', accountId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(skipped.numUpdatedRows);
}

/**
 * Registrations still 'scheduled' into a session on `day`, with an account, and no day-before reminder
 * in the outbox yet (key `appointment.reminder:<registration>:<session>`), in id order.
 *
 * Allow-listed cross-module read: it joins the registrations' and sessions'
 * tables and anti-joins the outbox in ONE statement, so each pass reads only what is left to remind and
 * the planner's loop ends when nothing is; split across modules it would read every appointment of the
 * day on every pass (every five minutes) and filter in memory.
 */
export function unremindedAppointments(db: Kysely<DB>, day: string, batch: number) {
  return db
    .selectFrom('registration as r')
    .innerJoin('vaccination_session as s', 's.id', 'r.session_id')
    .innerJoin('facility as f', 'f.id', 's.facility_id')
    .select([
      'r.id',
      'r.person_id',
      'r.account_id',
      'r.slot',
      's.id as session_id',
      's.session_date',
      'f.name',
    ])
    .where('r.state', '=', 'scheduled')
    .where('s.session_date', '=', day)
    .where('r.account_id', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notification_outbox as o')
            .select(sql`1`.as('one'))
            .whereRef('o.dedupe_key', '=', sql<string>`'appointment.reminder:' || r.id || ':' || s.id`),
        ),
      ),
    )
    .orderBy('r.id')
    .limit(batch)
    .execute();
}

/**
 * The live accounts whose household holds a person: whom a message about the person goes to.
 *
 * Allow-listed cross-module read: `household_member` and `citizen_account`
 * belong to households and accounts, but households calls notifications (the inbox, a deleted
 * account's devices), so asking households here would make the two modules import each other.
 */
export async function accountsOfPerson(db: Kysely<DB>, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('household_member as h')
    .innerJoin('citizen_account as a', 'a.id', 'h.account_id')
    .select('a.id')
    .where('h.person_id', '=', personId)
    .where('a.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}
