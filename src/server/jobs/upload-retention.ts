import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { pruneBudgets } from '../modules/accounts/otp.service.ts';
import { purgeDocumentPhotos } from '../modules/files/retention.repository.ts';
import { pruneEnded as pruneLinkRequests } from '../modules/households/link-requests.service.ts';
import { purgeEndedJobFiles } from '../modules/imports/upload/file.repository.ts';
import { pruneCounters } from '../modules/limits/limits.service.ts';
import { type RunningTask, startTask } from './background-task.ts';

/**
 * Deletes uploads once they are no longer needed: the stored pieces of import files some days after
 * their job ended, ID-document photos some days after every request naming them was decided, and photos
 * never attached to a request after some hours. What describes them stays (the job and its failed rows,
 * the file row with size and hash), marked with when the bytes went.
 *
 * The same pass clears the security bookkeeping that would otherwise grow for ever: rate-limit counters
 * and per-phone OTP budgets that no longer decide anything, and household link requests (which hold the
 * name and birth date the asker typed) some days after they expired or were decided.
 */

export interface RetentionSettings {
  /** Days after an import job ended (done, failed, cancelled) before its uploaded file goes. */
  importDays: number;
  /** Days after a correction request was approved or rejected before its document photo goes. */
  documentDays: number;
  /** Hours after which a photo attached to no request goes. */
  orphanHours: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { importDays: 30, documentDays: 30, orphanHours: 24 };

/** Jobs per transaction: each may hold hundreds of 1 MB pieces. */
const JOB_BATCH = 10;
/** Photos per transaction (at most 5 MB each). */
const PHOTO_BATCH = 100;

const DAY_MS = 24 * 3_600_000;
const before = (now: Date, ms: number) => new Date(now.getTime() - ms);

/**
 * One pass: purges everything past its retention, a batch per transaction until none is left (or the
 * signal stops it between batches). Safe to run on several processes at once and to run again.
 */
export async function runUploadRetention(
  db: Kysely<DB>,
  now: Date,
  settings: RetentionSettings = DEFAULT_RETENTION,
  signal?: AbortSignal,
): Promise<{
  importFiles: number;
  photos: number;
  counters: number;
  otpBudgets: number;
  linkRequests: number;
}> {
  const report = { importFiles: 0, photos: 0, counters: 0, otpBudgets: 0, linkRequests: 0 };
  const endedBefore = before(now, settings.importDays * DAY_MS);
  while (!signal?.aborted) {
    const purged = await purgeEndedJobFiles(db, endedBefore, now, JOB_BATCH);
    report.importFiles += purged;
    if (purged < JOB_BATCH) break;
  }
  const cut = {
    decidedBefore: before(now, settings.documentDays * DAY_MS),
    orphanBefore: before(now, settings.orphanHours * 3_600_000),
  };
  while (!signal?.aborted) {
    const { claimed, purged } = await purgeDocumentPhotos(db, cut, now, PHOTO_BATCH);
    report.photos += purged;
    if (claimed < PHOTO_BATCH) break;
  }
  if (!signal?.aborted) {
    report.counters = await pruneCounters(db, now);
    report.otpBudgets = await pruneBudgets(db, now);
    report.linkRequests = await pruneLinkRequests(db, now, settings.documentDays);
  }
  return report;
}

export interface RetentionOptions extends Partial<RetentionSettings> {
  /** Run the job in this process (`sskdt serve`); tests call runUploadRetention instead. */
  run?: boolean;
  /** Milliseconds between passes. */
  intervalMs?: number;
}

/** Starts periodic passes (the first one a minute after start), once across processes; `stop` waits for a pass in progress. */
export function startUploadRetention(
  db: Kysely<DB>,
  settings: RetentionSettings & {
    intervalMs: number;
    clock: () => Date;
    log: Pick<FastifyBaseLogger, 'info' | 'error'>;
    firstDelayMs?: number;
  },
): RunningTask {
  return startTask({
    name: 'upload-retention',
    everyMs: settings.intervalMs,
    // Not at once: start-up (migrations, demo data) has the database first.
    firstDelayMs: settings.firstDelayMs ?? 60_000,
    lease: { db },
    log: settings.log,
    async run(signal) {
      const report = await runUploadRetention(db, settings.clock(), settings, signal);
      if (Object.values(report).some(Boolean)) settings.log.info(report, 'upload retention pass');
    },
  });
}

/** Runs the retention job with the app when asked: started once it is ready, stopped before it closes. */
export function registerUploadRetention(app: FastifyInstance, options: RetentionOptions = {}) {
  if (!options.run) return;
  let running: ReturnType<typeof startUploadRetention> | undefined;
  app.addHook('onReady', async () => {
    running = startUploadRetention(app.db, {
      ...DEFAULT_RETENTION,
      ...options,
      intervalMs: options.intervalMs ?? 3_600_000,
      clock: app.clock,
      log: app.log,
    });
  });
  app.addHook('onClose', async () => {
    await running?.stop();
  });
}
