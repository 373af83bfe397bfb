import { ApiError, type Call } from '../../shared/api/client.ts';
import type { visits } from '../../shared/contracts/visits.ts';
import type { Me } from '../../shared/schemas/accounts.ts';
import type { Problem } from '../../shared/schemas/problem.ts';
import type { VisitBatchItem, VisitBatchResult } from '../../shared/schemas/visits.ts';
import { isNetworkError, reportNetwork } from './offline-cache.ts';
import type { QueuedItem } from './offline-db.ts';
import { listQueue, markQueued, removeQueued, writeSyncMeta } from './offline-queue.ts';

/**
 * What a sync needs from the server: who is signed in (primes the CSRF token) and the day batch route
 * (`api.visits.batch` of the client derived from the contract).
 */
export interface SyncApi {
  me: () => Promise<Me>;
  syncVisits: (...args: Parameters<Call<typeof visits.batch>>) => ReturnType<Call<typeof visits.batch>>;
}

/** A queued step as `POST /api/staff/visits/batch` takes it. */
export function batchItem(item: QueuedItem): VisitBatchItem {
  const { id, registrationId } = item;
  if (item.kind === 'check_in')
    return { kind: 'check_in', id, registrationId, facilityId: item.facilityId, at: item.at };
  if (item.kind === 'screening')
    return { kind: 'screening', id, registrationId, at: item.at, screening: item.payload };
  return { kind: 'dose', id, registrationId, dose: item.payload } as VisitBatchItem;
}

/** The reason a step is held on the device: an earlier step of the same person needs attention. */
const BLOCKED: Problem = {
  type: 'urn:sskdt:problem:blocked',
  title: 'blocked',
  status: 409,
  code: 'blocked',
  instance: '/api/staff/visits/batch',
  requestId: '',
  messages: {
    vi: 'Chưa ghi được vì bước trước của người này (đón tiếp, sàng lọc) không được ghi nhận: hãy xử lý bước đó trước',
    en: 'Not recorded: an earlier step for this person (check-in, screening) was not recorded; deal with that first',
  },
};

export type SyncOutcome =
  | { kind: 'idle' }
  | { kind: 'synced'; recorded: number; attention: number; left: number }
  | { kind: 'offline' }
  | { kind: 'signIn' }
  | { kind: 'failed'; error: unknown };

/** Doses per request: well under the route's 500, so one slow request does not hold the whole queue. */
export const SYNC_CHUNK = 100;

/** The problem of an error the sync hit, for the queue indicator. */
function problemOf(error: unknown) {
  return error instanceof ApiError ? error.problem : undefined;
}

/**
 * Sends the waiting steps (check-ins, screenings, doses) of the signed-in staff member with
 * `POST /api/staff/visits/batch`, in the order they were queued, and applies each result: recorded or
 * already recorded → out of the queue; conflict (the person already has that dose number, from another
 * device) and refusal → kept, with the server's problem, for the user to discard or edit. A step whose
 * person has an earlier step needing attention is not sent: it is marked refused too ("an earlier
 * step was not recorded"), never dropped. Every step is idempotent on the server, so a sync repeated or
 * cut off halfway (the answer lost) sends the same steps again and nothing is recorded twice. No network → everything
 * stays; a session that ended → "sign in again", everything stays.
 */
export async function syncQueue(api: SyncApi): Promise<SyncOutcome> {
  const queue = await listQueue();
  const pending = queue.filter((d) => d.state === 'waiting');
  if (!pending.length) return { kind: 'idle' };
  let me: Me;
  try {
    me = await api.me();
  } catch (error) {
    return failure(error);
  }
  reportNetwork(null);
  const actor = me.actor;
  if (actor?.kind !== 'staff' || actor.needsTotp) return failure(null, 'signIn');
  // Doses another staff member entered wait for them: they are recorded in the name of who entered them.
  const mine = pending.filter((d) => d.staffId === actor.staffId);
  let recorded = 0;
  let attention = 0;
  // People with a step the server did not record: their later steps wait for the user.
  const held = new Set(queue.filter((d) => d.state !== 'waiting').map((d) => d.registrationId));
  for (let start = 0; start < mine.length; start += SYNC_CHUNK) {
    const chunk: QueuedItem[] = [];
    for (const item of mine.slice(start, start + SYNC_CHUNK)) {
      if (!held.has(item.registrationId)) chunk.push(item);
      else {
        await markQueued(item.id, 'refused', BLOCKED);
        attention++;
      }
    }
    if (!chunk.length) continue;
    let results: VisitBatchResult[];
    try {
      results = (await api.syncVisits({ body: { items: chunk.map(batchItem) } })).results;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return failure(error, 'signIn');
      return failure(error);
    }
    for (const result of results) {
      const item = chunk.find((d) => d.id === result.id);
      if (!item) continue;
      const firstRequestGotThrough = result.problem?.code === 'dose_id_reused' && item.sentOnline;
      if (result.status === 'recorded' || result.status === 'already_recorded' || firstRequestGotThrough) {
        await removeQueued(item.id);
        recorded++;
      } else {
        await markQueued(item.id, result.status === 'conflict' ? 'conflict' : 'refused', result.problem);
        held.add(item.registrationId);
        attention++;
      }
    }
  }
  await writeSyncMeta({ lastSyncAt: new Date().toISOString(), lastError: null });
  return { kind: 'synced', recorded, attention, left: pending.length - mine.length };
}

async function failure(error: unknown, kind?: 'signIn'): Promise<SyncOutcome> {
  const at = new Date().toISOString();
  reportNetwork(error);
  if (kind === 'signIn') {
    await writeSyncMeta({ lastError: { kind: 'signIn', at, problem: problemOf(error) } });
    return { kind: 'signIn' };
  }
  if (isNetworkError(error)) {
    await writeSyncMeta({ lastError: { kind: 'offline', at, problem: problemOf(error) } });
    return { kind: 'offline' };
  }
  await writeSyncMeta({ lastError: { kind: 'failed', at, problem: problemOf(error) } });
  return { kind: 'failed', error };
}

/** The wait before retry number `failures` (1, 2, …): 5 s doubling up to 5 minutes. */
export function retryDelay(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures - 1), 300_000);
}

/** One sync at a time across this browser's tabs (Web Locks), else within this page. */
async function exclusively<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) return locks.request('sskdt-offline-sync', run) as Promise<T>;
  return run();
}

/**
 * Runs syncs: now (page load), when the browser says the network is back (`online`), when asked
 * (a dose was queued, "sync now"), and after a failure with backoff (5 s, 10 s, … 5 min) while doses
 * wait. A sync asked for while one runs runs once more after it.
 */
export class OfflineSyncer {
  private running: Promise<SyncOutcome> | null = null;
  private again = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly onOnline = () => {
    this.failures = 0;
    void this.syncNow();
  };

  constructor(
    private readonly api: SyncApi,
    private readonly onSettled: (outcome: SyncOutcome) => void = () => undefined,
  ) {}

  start() {
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
    void this.syncNow();
  }

  stop() {
    this.stopped = true;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Syncs now (or right after the sync under way); resolves with the outcome of the last run. */
  syncNow(): Promise<SyncOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = (async () => {
      let outcome: SyncOutcome;
      do {
        this.again = false;
        outcome = await exclusively(() => syncQueue(this.api)).catch(
          (error): SyncOutcome => ({ kind: 'failed', error }),
        );
      } while (this.again && !this.stopped);
      return outcome;
    })();
    return this.running.then((outcome) => {
      this.running = null;
      this.settle(outcome);
      return outcome;
    });
  }

  private settle(outcome: SyncOutcome) {
    if (this.stopped) return;
    if (outcome.kind === 'offline' || outcome.kind === 'failed') {
      this.failures++;
      this.timer = setTimeout(() => void this.syncNow(), retryDelay(this.failures));
    } else this.failures = 0;
    this.onSettled(outcome);
  }
}
