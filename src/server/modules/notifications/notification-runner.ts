import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, type Selectable, sql } from 'kysely';
import { maskIdentifiers } from '../../../shared/rules/privacy.ts';
import type { DB, NotificationOutboxTable, OutboxState } from '../../db/schema.ts';
import { planDoseFollowUps } from './dose-planner.ts';
import { deliverInbox } from './outbox.service.ts';
import { planAppointmentReminders, stillApplies } from './planners.ts';
import type { PushSender } from './push.ts';
import type { SmsSender } from './sms.ts';
import { isNotificationKind, type NotificationKind, render } from './templates.ts';

/** Where messages go: the SMS adapter of the app and the Web Push sender (null: push rows are skipped). */
export interface NotificationChannels {
  sms: SmsSender;
  push: PushSender | null;
}

export interface RunnerOptions {
  /** Rows claimed per pass. */
  batchSize: number;
  /** Attempts before a row is 'failed'. */
  maxAttempts: number;
  /** Delay after the first failure; doubled after each further one, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** How long a claim holds: a runner that died mid-send frees its rows after this. */
  leaseMs: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  batchSize: 50,
  maxAttempts: 6,
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  leaseMs: 5 * 60_000,
};

export interface PassReport {
  planned: number;
  claimed: number;
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
}

type OutboxRow = Selectable<NotificationOutboxTable>;
type Outcome =
  | { state: 'sent' | 'skipped'; note?: string }
  | { state: 'retry'; error: string; permanent?: boolean };

/** The delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffDelay(attempts: number, options: Pick<RunnerOptions, 'backoffMs' | 'maxBackoffMs'>) {
  return Math.min(options.backoffMs * 2 ** Math.max(0, attempts - 1), options.maxBackoffMs);
}

/**
 * Claims due rows in a short transaction: pending rows whose time came and 'sending' rows whose lease
 * expired (their runner died), locked with FOR UPDATE SKIP LOCKED so concurrent runners never take the
 * same row; each gets state 'sending', a lease and one more attempt. Sending happens after the commit.
 */
export async function claimDue(db: Kysely<DB>, now: Date, options: RunnerOptions): Promise<OutboxRow[]> {
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

/** Error text for the outbox: the kind of failure only, identifiers masked (no personal data). */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  const text = `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
  return maskIdentifiers(text).slice(0, 200);
}

async function deliver(
  db: Kysely<DB>,
  channels: NotificationChannels,
  row: OutboxRow,
  now: Date,
): Promise<Outcome> {
  if (!isNotificationKind(row.kind))
    return { state: 'retry', error: `unknown kind ${row.kind}`, permanent: true };
  const kind: NotificationKind = row.kind;
  const account = await db
    .selectFrom('citizen_account')
    .select(['phone', 'lang', 'deleted_at'])
    .where('id', '=', row.account_id)
    .executeTakeFirst();
  if (!account || account.deleted_at) return { state: 'skipped', note: 'account deleted' };
  if (!(await stillApplies(db, row))) return { state: 'skipped', note: 'no longer applies' };
  if (row.channel === 'inbox') {
    // All database work: the inbox message, the SMS/push rows and 'sent' commit together, or not at all.
    const done = await db.transaction().execute(async (trx) => {
      if (!(await markDone(trx, row, { state: 'sent' }, now))) return false;
      await deliverInbox(
        trx,
        { key: row.dedupe_key, accountId: row.account_id, personId: row.person_id, kind, params: row.params },
        now,
      );
      return true;
    });
    return done ? { state: 'sent', note: 'already-marked' } : { state: 'skipped', note: 'lost lease' };
  }
  const text = render(kind, row.params as never, account.lang, row.person_id);
  if (row.channel === 'sms') {
    await channels.sms.send({ to: account.phone, text: text.sms });
    return { state: 'sent' };
  }
  if (!channels.push) return { state: 'skipped', note: 'push disabled' };
  const subscription = row.push_subscription_id
    ? await db
        .selectFrom('push_subscription')
        .select(['id', 'endpoint', 'p256dh', 'auth', 'account_id'])
        .where('id', '=', row.push_subscription_id)
        .executeTakeFirst()
    : undefined;
  if (!subscription || subscription.account_id !== row.account_id)
    return { state: 'skipped', note: 'subscription removed' };
  const outcome = await channels.push.send(
    subscription,
    { title: text.title, body: text.body, url: text.url },
    {
      ttlSeconds: kind === 'appointment.reminder' ? 12 * 3600 : 3 * 86_400,
      urgency: kind === 'appointment.reminder' ? 'high' : 'normal',
    },
  );
  // Kept, not deleted: a narrowed SSKDT_PUSH_HOSTS by mistake must not wipe every device.
  if (outcome === 'refused') return { state: 'skipped', note: 'push endpoint not allowed' };
  if (outcome === 'gone') {
    await db.deleteFrom('push_subscription').where('id', '=', subscription.id).execute();
    return { state: 'skipped', note: 'subscription gone (404/410)' };
  }
  return { state: 'sent' };
}

/**
 * Records the outcome of an attempt, only while this runner still holds the row: same attempt number
 * and still 'sending' (a runner whose lease expired and was re-claimed changes nothing).
 */
async function markDone(
  db: Kysely<DB>,
  row: OutboxRow,
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

/**
 * One pass of the runner: the planners (when asked), then the due messages, each sent at most once by
 * this pass. Deterministic with an injected `now`: tests call it directly.
 */
export async function runOnce(
  db: Kysely<DB>,
  channels: NotificationChannels,
  now: Date,
  options: Partial<RunnerOptions> & { plan?: boolean; log?: Pick<FastifyBaseLogger, 'warn'> } = {},
): Promise<PassReport> {
  const opts = { ...DEFAULT_RUNNER_OPTIONS, ...options };
  const report: PassReport = { planned: 0, claimed: 0, sent: 0, skipped: 0, retried: 0, failed: 0 };
  if (options.plan !== false)
    report.planned = (await planAppointmentReminders(db, now)) + (await planDoseFollowUps(db, now));
  const rows = await claimDue(db, now, opts);
  report.claimed = rows.length;
  for (const row of rows) {
    let outcome: Outcome;
    try {
      outcome = await deliver(db, channels, row, now);
    } catch (error) {
      outcome = { state: 'retry', error: errorText(error) };
    }
    if (outcome.state === 'sent' && outcome.note === 'already-marked') {
      report.sent++;
      continue;
    }
    if (outcome.state !== 'retry') {
      if (await markDone(db, row, { state: outcome.state, last_error: outcome.note ?? null }, now))
        report[outcome.state]++;
      continue;
    }
    const give_up = outcome.permanent || row.attempts >= opts.maxAttempts;
    const marked = await markDone(
      db,
      row,
      give_up
        ? { state: 'failed', last_error: outcome.error }
        : {
            state: 'pending',
            last_error: outcome.error,
            next_attempt_at: new Date(now.getTime() + backoffDelay(row.attempts, opts)),
          },
      now,
    );
    if (marked) report[give_up ? 'failed' : 'retried']++;
    options.log?.warn(
      { outbox: row.id, kind: row.kind, channel: row.channel, attempt: row.attempts, error: outcome.error },
      give_up ? 'notification failed for good' : 'notification failed; will retry',
    );
  }
  return report;
}

export interface RunningNotifier {
  /** Stops the loop after the pass in progress (awaits it). */
  stop(): Promise<void>;
}

/**
 * Runs passes every `intervalMs` (immediately again while a pass found a full batch), with the planners
 * every `planEveryMs`. Errors of a pass are logged and the loop goes on.
 */
export function startNotificationRunner(
  db: Kysely<DB>,
  channels: NotificationChannels,
  settings: Partial<RunnerOptions> & {
    intervalMs: number;
    planEveryMs?: number;
    clock?: () => Date;
    log: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  },
): RunningNotifier {
  const clock = settings.clock ?? (() => new Date());
  const planEveryMs = settings.planEveryMs ?? 5 * 60_000;
  let lastPlan = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = (async () => {
      let full = false;
      try {
        const now = clock();
        const plan = now.getTime() - lastPlan >= planEveryMs;
        if (plan) lastPlan = now.getTime();
        const report = await runOnce(db, channels, now, { ...settings, plan });
        full = report.claimed >= (settings.batchSize ?? DEFAULT_RUNNER_OPTIONS.batchSize);
      } catch (error) {
        settings.log.error({ err: error }, 'notification runner pass failed');
      }
      if (!stopped) timer = setTimeout(tick, full ? 0 : settings.intervalMs);
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

/** Counts of the outbox by channel and state (for operators and tests). */
export async function outboxCounts(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('notification_outbox')
    .select(['channel', 'state', sql<number>`count(*)::int`.as('n')])
    .groupBy(['channel', 'state'])
    .execute();
  return rows.map((r) => ({ channel: r.channel, state: r.state, n: Number(r.n) }));
}
