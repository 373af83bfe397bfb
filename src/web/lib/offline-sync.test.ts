import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/api/client.ts';
import { localize } from '../../shared/messages.ts';
import type { Me } from '../../shared/schemas/accounts.ts';
import type { DoseBatchResult } from '../../shared/schemas/doses.ts';
import type { Problem } from '../../shared/schemas/problem.ts';
import type { VisitBatchItem } from '../../shared/schemas/visits.ts';
import { networkFailed } from './offline-cache.ts';
import { closeOfflineDb, type DosePayload } from './offline-db.ts';
import { editQueued, enqueueDose, enqueueStep, listQueue, readSyncMeta } from './offline-queue.ts';
import { OfflineSyncer, retryDelay, SYNC_CHUNK, type SyncApi, syncQueue } from './offline-sync.ts';

// IndexedDB does not exist in Node: fake-indexeddb stands in here (a fresh one per test). The browser
// test (test/e2e/offline-doses.e2e.test.ts) runs the same code on Chromium's IndexedDB.
beforeEach(async () => {
  await closeOfflineDb();
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => vi.useRealTimers());

const STAFF = 'staff-1';
const staffMe = (staffId = STAFF): Me => ({
  actor: {
    kind: 'staff',
    staffId,
    username: 'site',
    displayName: 'Site staff',
    role: 'site_staff',
    scope: { kind: 'facility', facilityId: 'f1' },
    needsTotp: false,
    needsTotpSetup: false,
    permissions: ['doses.record'],
  },
  csrfToken: 'csrf',
});

const problem = (code: string, status: number, messageCode: Parameters<typeof localize>[0]): Problem => {
  const messages = localize(messageCode, { number: 1 });
  return { type: 'about:blank', title: messages.en, status, code, instance: '', requestId: '', messages };
};
const networkError = () => new ApiError(0, problem('network_error', 0, 'problem.unavailable'));

/**
 * A stand-in for the batch route with its rules: a UUID is recorded once (a resend is
 * already_recorded, the same UUID with other content is dose_id_reused), a person's dose number once
 * (conflict). `cutAfterWrite` loses the answer after writing, like a connection dropped mid-sync.
 */
function fakeServer() {
  const doses = new Map<string, DosePayload>();
  const server = {
    doses,
    me: async (): Promise<Me> => staffMe(),
    offline: false,
    cutAfterWrite: false,
    requests: 0,
  };
  const api: SyncApi = {
    me: async () => {
      if (server.offline) throw networkError();
      return server.me();
    },
    syncVisits: async ({ body: { items } }) => ({
      results: (await recordDoses(items.map((i) => (i as { dose: DosePayload }).dose))).results.map((r) => ({
        ...r,
        kind: 'dose' as const,
      })),
    }),
  };
  async function recordDoses(batch: DosePayload[]) {
    if (server.offline) throw networkError();
    server.requests++;
    const results: DoseBatchResult[] = batch.map((dose) => {
      const existing = doses.get(dose.id);
      if (existing)
        return JSON.stringify(existing) === JSON.stringify(dose)
          ? { id: dose.id, status: 'already_recorded', doseNumber: dose.doseNumber }
          : { id: dose.id, status: 'refused', problem: problem('dose_id_reused', 409, 'dose.id_reused') };
      if (dose.lotId === 'expired')
        return {
          id: dose.id,
          status: 'refused',
          problem: problem('validation_failed', 400, 'dose.lot_expired'),
        };
      const taken = [...doses.values()].some(
        (d) => d.personId === dose.personId && d.doseNumber === dose.doseNumber,
      );
      if (taken)
        return {
          id: dose.id,
          status: 'conflict',
          doseNumber: dose.doseNumber,
          problem: problem('dose_number_taken', 409, 'dose.number_taken'),
        };
      doses.set(dose.id, dose);
      return { id: dose.id, status: 'recorded', doseNumber: dose.doseNumber };
    });
    if (server.cutAfterWrite) throw networkError();
    return { results };
  }
  return { server, api };
}

let counter = 0;
async function queue(
  personId: string,
  extra: Partial<DosePayload> = {},
  staffId = STAFF,
  sentOnline = false,
) {
  const payload: DosePayload = {
    id: crypto.randomUUID(),
    personId,
    vaccineCode: 'PFIZER',
    lotId: 'lot-1',
    doseNumber: 1,
    givenAt: '2026-03-02T02:00:00.000Z',
    ...extra,
  };
  return enqueueDose({
    payload,
    staffId,
    staffName: 'Site staff',
    facilityId: 'f1',
    registrationId: `reg-${personId}`,
    personId,
    fullName: `Person ${personId}`,
    doseNumber: payload.doseNumber ?? null,
    vaccineCode: payload.vaccineCode,
    lotNumber: 'FA1',
    sentOnline,
    queuedAt: new Date(Date.UTC(2026, 2, 2, 2, 0, counter++)).toISOString(),
  });
}

describe('the offline dose queue', () => {
  it('keeps one item per UUID, oldest first', async () => {
    const a = await queue('p1');
    await queue('p2');
    await enqueueDose({ ...a, queuedAt: a.queuedAt });
    const items = await listQueue();
    expect(items.map((i) => i.personId)).toEqual(['p1', 'p2']);
    expect(items.every((i) => i.state === 'waiting' && i.attempts === 0)).toBe(true);
  });

  it('sends the waiting doses and empties the queue; a second sync sends nothing', async () => {
    const { server, api } = fakeServer();
    await queue('p1');
    await queue('p2');
    expect(await syncQueue(api)).toEqual({ kind: 'synced', recorded: 2, attention: 0, left: 0 });
    expect(server.doses.size).toBe(2);
    expect(await listQueue()).toEqual([]);
    expect((await readSyncMeta()).lastSyncAt).not.toBeNull();
    expect(await syncQueue(api)).toEqual({ kind: 'idle' });
    expect(server.requests).toBe(1);
  });

  it('no network: everything stays and the error is kept; back online, it goes', async () => {
    const { server, api } = fakeServer();
    await queue('p1');
    server.offline = true;
    expect(await syncQueue(api)).toEqual({ kind: 'offline' });
    expect(networkFailed()).toBe(true);
    expect((await listQueue()).map((i) => i.state)).toEqual(['waiting']);
    expect((await readSyncMeta()).lastError?.kind).toBe('offline');
    server.offline = false;
    expect((await syncQueue(api)).kind).toBe('synced');
    expect(networkFailed()).toBe(false);
    expect((await readSyncMeta()).lastError).toBeNull();
    expect(server.doses.size).toBe(1);
  });

  it('a sync cut off after the server wrote (answer lost) is sent again and recorded once', async () => {
    const { server, api } = fakeServer();
    const a = await queue('p1');
    const b = await queue('p2');
    server.cutAfterWrite = true;
    expect((await syncQueue(api)).kind).toBe('offline');
    expect(await listQueue()).toHaveLength(2);
    server.cutAfterWrite = false;
    expect(await syncQueue(api)).toMatchObject({ kind: 'synced', recorded: 2 });
    expect([...server.doses.keys()].sort()).toEqual([a.id, b.id].sort());
    // The same UUIDs queued again (a replayed sync): already recorded, nothing added.
    await enqueueDose(a);
    await enqueueDose(b);
    expect(await syncQueue(api)).toMatchObject({ kind: 'synced', recorded: 2 });
    expect(server.doses.size).toBe(2);
    expect(await listQueue()).toEqual([]);
  });

  it('a conflict (the dose number taken on another device) and a refusal stay, with the server problem', async () => {
    const { server, api } = fakeServer();
    server.doses.set('other-device', {
      id: 'other-device',
      personId: 'p1',
      vaccineCode: 'PFIZER',
      lotId: 'lot-1',
      doseNumber: 1,
    });
    const conflict = await queue('p1');
    const refused = await queue('p2', { lotId: 'expired' });
    await queue('p3');
    expect(await syncQueue(api)).toEqual({ kind: 'synced', recorded: 1, attention: 2, left: 0 });
    const items = await listQueue();
    expect(items.map((i) => [i.id, i.state, i.problem?.code])).toEqual([
      [conflict.id, 'conflict', 'dose_number_taken'],
      [refused.id, 'refused', 'validation_failed'],
    ]);
    expect(items[0].problem?.messages.vi).toContain('Mũi 1');
    // Neither is sent again until the user acts.
    expect(await syncQueue(api)).toEqual({ kind: 'idle' });
    // Edited (another lot): a new UUID, waiting again, then recorded.
    const edited = await editQueued(refused.id, { lotId: 'lot-2', lotNumber: 'FA2' });
    expect(edited?.id).not.toBe(refused.id);
    expect(edited?.payload).toMatchObject({ id: edited?.id, lotId: 'lot-2', personId: 'p2' });
    expect(await syncQueue(api)).toMatchObject({ kind: 'synced', recorded: 1 });
    expect((await listQueue()).map((i) => i.id)).toEqual([conflict.id]);
  });

  it('a dose whose online request failed on the way: "id reused" means that request got through', async () => {
    const { server, api } = fakeServer();
    const online = await queue('p1', {}, STAFF, true);
    // The first request (no givenAt, server time) reached the server; the queued copy carries givenAt.
    server.doses.set(online.id, { ...online.payload, givenAt: undefined });
    const offline = await queue('p2', {}, STAFF, false);
    server.doses.set(offline.id, { ...offline.payload, lotId: 'other' });
    expect(await syncQueue(api)).toMatchObject({ kind: 'synced', recorded: 1, attention: 1 });
    expect((await listQueue()).map((i) => [i.id, i.state])).toEqual([[offline.id, 'refused']]);
  });

  it('a session that ended keeps the queue and asks to sign in; another staff member’s doses wait for them', async () => {
    const { server, api } = fakeServer();
    await queue('p1');
    const theirs = await queue('p2', {}, 'staff-2');
    server.me = async () => ({ actor: null, csrfToken: null });
    expect(await syncQueue(api)).toEqual({ kind: 'signIn' });
    expect((await readSyncMeta()).lastError?.kind).toBe('signIn');
    expect(await listQueue()).toHaveLength(2);
    server.me = async () => staffMe();
    expect(await syncQueue(api)).toEqual({ kind: 'synced', recorded: 1, attention: 0, left: 1 });
    expect((await listQueue()).map((i) => i.id)).toEqual([theirs.id]);
    // A 401 on the batch itself (the session ended between the two requests) is a sign-in too.
    const expired: SyncApi = {
      me: async () => staffMe('staff-2'),
      syncVisits: async () => {
        throw new ApiError(401, problem('unauthenticated', 401, 'auth.required'));
      },
    };
    expect(await syncQueue(expired)).toEqual({ kind: 'signIn' });
    expect(await listQueue()).toHaveLength(1);
  });

  it(`sends long queues ${SYNC_CHUNK} doses per request`, async () => {
    const { server, api } = fakeServer();
    for (let i = 0; i < 2 * SYNC_CHUNK + 5; i++) await queue(`p${i}`);
    expect(await syncQueue(api)).toMatchObject({ kind: 'synced', recorded: 2 * SYNC_CHUNK + 5 });
    expect(server.requests).toBe(3);
  });
});

describe('the syncer', () => {
  it('retries with backoff while the network is down, and runs a sync asked for during one once more', async () => {
    expect([1, 2, 3, 7, 20].map(retryDelay)).toEqual([5_000, 10_000, 20_000, 300_000, 300_000]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { server, api } = fakeServer();
    await queue('p1');
    server.offline = true;
    const outcomes: string[] = [];
    const syncer = new OfflineSyncer(api, (o) => outcomes.push(o.kind));
    expect((await syncer.syncNow()).kind).toBe('offline');
    server.offline = false;
    await vi.advanceTimersByTimeAsync(4_999);
    expect(server.doses.size).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(outcomes).toEqual(['offline', 'synced']));
    expect(server.doses.size).toBe(1);
    // Two asks while a sync runs: one more run after it, not two.
    await queue('p2');
    const first = syncer.syncNow();
    const second = syncer.syncNow();
    await queue('p3');
    const third = syncer.syncNow();
    await Promise.all([first, second, third]);
    expect(server.doses.size).toBe(3);
    expect(server.requests).toBeLessThanOrEqual(3);
    syncer.stop();
  });
});

describe('a day queued offline: check-ins and screenings with the doses', () => {
  const step = { staffId: STAFF, staffName: 'Site staff', facilityId: 'f1', personId: 'p9', fullName: 'P 9' };
  it('sends each person’s steps in order; a refused check-in leaves the screening and dose needing attention, never dropped, and holds steps queued later', async () => {
    await enqueueStep({
      ...step,
      queuedAt: '2026-03-02T01:00:00.000Z',
      kind: 'check_in',
      id: 'c1',
      registrationId: 'reg-p9',
      at: '2026-03-02T01:00:00Z',
    });
    await enqueueStep({
      ...step,
      queuedAt: '2026-03-02T01:05:00.000Z',
      kind: 'screening',
      id: 's1',
      registrationId: 'reg-p9',
      at: '2026-03-02T01:05:00Z',
      suggestedOutcome: 'vaccinate',
      payload: { id: 's1', checklist: {} as never, vitals: {} as never, outcome: 'vaccinate' },
    });
    await queue('p9');
    const sent: VisitBatchItem[][] = [];
    const closed = problem('registration_closed', 409, 'visit.not_open');
    const blocked = problem('blocked', 409, 'visit.blocked');
    const api: SyncApi = {
      me: async () => staffMe(),
      syncVisits: async ({ body: { items } }) => {
        sent.push(items);
        return {
          results: items.map((i, n) => ({
            id: i.id,
            kind: i.kind,
            status: 'refused' as const,
            problem: n === 0 ? closed : blocked,
          })),
        };
      },
    };
    expect(await syncQueue(api)).toEqual({ kind: 'synced', recorded: 0, attention: 3, left: 0 });
    expect(sent[0].map((i) => i.kind)).toEqual(['check_in', 'screening', 'dose']);
    const items = await listQueue();
    expect(items.map((i) => [i.id.slice(0, 2), i.state, i.problem?.code])).toEqual([
      ['c1', 'refused', 'registration_closed'],
      ['s1', 'refused', 'blocked'],
      [items[2].id.slice(0, 2), 'refused', 'blocked'],
    ]);
    // A dose queued later for the same person is not sent while the check-in needs attention.
    await queue('p9', { doseNumber: 2 });
    expect(await syncQueue(api)).toEqual({ kind: 'synced', recorded: 0, attention: 1, left: 0 });
    expect(sent).toHaveLength(1);
    expect((await listQueue()).every((i) => i.state === 'refused')).toBe(true);
  });
});
