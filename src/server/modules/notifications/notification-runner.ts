import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { maskIdentifiers } from '../../../shared/rules/privacy.ts';
import type { DB } from '../../db/schema.ts';
import { startTask } from '../../jobs/background-task.ts';
import * as citizenAccounts from '../accounts/citizen-accounts.repository.ts';
import { planDoseFollowUps } from './dose-planner.ts';
import type { OutboxRow } from './outbox.repository.ts';
import * as outbox from './outbox.repository.ts';
import { deliverInbox } from './outbox.service.ts';
import * as push from './push.repository.ts';
import type { PushSender } from './push.ts';
import { planAppointmentReminders, stillApplies } from './reminder-planners.ts';
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

type Outcome =
  | { state: 'sent' | 'skipped'; note?: string }
  | { state: 'retry'; error: string; permanent?: boolean };

/** The delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffDelay(attempts: number, options: Pick<RunnerOptions, 'backoffMs' | 'maxBackoffMs'>) {
  return Math.min(options.backoffMs * 2 ** Math.max(0, attempts - 1), options.maxBackoffMs);
}

/** Claims due rows (see `outbox.repository.ts`): sending happens after the claim's commit. */
export function claimDue(db: Kysely<DB>, now: Date, options: RunnerOptions): Promise<OutboxRow[]> {
  return outbox.claimDue(db, now, options);
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
  const account = await citizenAccounts.contactOf(db, row.account_id);
  if (!account || account.deleted_at) return { state: 'skipped', note: 'account deleted' };
  if (!(await stillApplies(db, row))) return { state: 'skipped', note: 'no longer applies' };
  if (row.channel === 'inbox') {
    // All database work: the inbox message, the SMS/push rows and 'sent' commit together, or not at all.
    const done = await db.transaction().execute(async (trx) => {
      if (!(await outbox.markDone(trx, row, { state: 'sent' }, now))) return false;
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
    ? await push.findSubscription(db, row.push_subscription_id)
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
    await push.deleteSubscriptions(db, [subscription.id]);
    return { state: 'skipped', note: 'subscription gone (404/410)' };
  }
  return { state: 'sent' };
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
  if (options.plan !== false) report.planned = await planOnce(db, now);
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
      if (await outbox.markDone(db, row, { state: outcome.state, last_error: outcome.note ?? null }, now))
        report[outcome.state]++;
      continue;
    }
    const give_up = outcome.permanent || row.attempts >= opts.maxAttempts;
    const marked = await outbox.markDone(
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

/** The planners' pass: day-before reminders and what recorded doses mean (next dose, certificate). */
export async function planOnce(db: Kysely<DB>, now: Date): Promise<number> {
  return (await planAppointmentReminders(db, now)) + (await planDoseFollowUps(db, now));
}

export interface RunningNotifier {
  /** Stops both tasks after the passes in progress (awaits them). */
  stop(): Promise<void>;
}

/**
 * Two background tasks: the outbox sender every `intervalMs` (at once again while a pass found a full
 * batch), in every process (the outbox rows are claimed row by row), and the planners every
 * `planEveryMs`, in one process at a time (a lease), waking the sender when they planned something.
 * Errors of a pass are logged and the tasks go on.
 */
export function startNotificationRunner(
  db: Kysely<DB>,
  channels: NotificationChannels,
  settings: Partial<RunnerOptions> & {
    intervalMs: number;
    planEveryMs?: number;
    clock?: () => Date;
    log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  },
): RunningNotifier {
  const clock = settings.clock ?? (() => new Date());
  const batchSize = settings.batchSize ?? DEFAULT_RUNNER_OPTIONS.batchSize;
  const sender = startTask({
    name: 'notification-outbox',
    everyMs: settings.intervalMs,
    log: settings.log,
    async run() {
      const report = await runOnce(db, channels, clock(), { ...settings, plan: false });
      return report.claimed >= batchSize;
    },
  });
  const planners = startTask({
    name: 'notification-planners',
    everyMs: settings.planEveryMs ?? 5 * 60_000,
    lease: { db },
    log: settings.log,
    async run() {
      if ((await planOnce(db, clock())) > 0) sender.wake();
    },
  });
  return {
    async stop() {
      await Promise.all([planners.stop(), sender.stop()]);
    },
  };
}
