import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/client.ts';
import { localize } from '../../shared/messages.ts';
import {
  cachedRead,
  clearDeviceData,
  hasCached,
  networkFailed,
  pruneCache,
  STAFF_SESSION_MS,
  saveActor,
  savedActor,
  servedFromDevice,
  vietnamDay,
} from './offline-cache.ts';
import { closeOfflineDb } from './offline-db.ts';
import { enqueueDose, listQueue } from './offline-queue.ts';

// fake-indexeddb in Node; the browser test proves the same on Chromium.
beforeEach(async () => {
  await closeOfflineDb();
  globalThis.indexedDB = new IDBFactory();
});

const scope = { staffId: 's1', day: '2026-03-02' };
const fail = (status: number) => async (): Promise<never> => {
  const messages = localize(status ? 'problem.not_found' : 'problem.unavailable');
  throw new ApiError(status, {
    type: 'about:blank',
    title: messages.en,
    status,
    code: status ? 'not_found' : 'network_error',
    instance: '',
    requestId: '',
    messages,
  });
};

describe('the day saved on the device', () => {
  it('answers from the server and saves; without a network answers the saved copy, for this staff member and day only', async () => {
    const day = { items: [{ name: 'Lan' }] };
    expect(await cachedRead(scope, 'day', async () => day)).toEqual(day);
    expect(servedFromDevice('day')).toBeNull();
    expect(await cachedRead(scope, 'day', fail(0))).toEqual(day);
    expect(servedFromDevice('day')).toMatch(/^\d{4}-/);
    expect(networkFailed()).toBe(true);
    // Another staff member, another day, or nothing saved: the network error stands.
    await expect(cachedRead({ ...scope, staffId: 's2' }, 'day', fail(0))).rejects.toMatchObject({
      status: 0,
    });
    await expect(cachedRead({ ...scope, day: '2026-03-03' }, 'day', fail(0))).rejects.toMatchObject({
      status: 0,
    });
    await expect(cachedRead(scope, 'lots', fail(0))).rejects.toMatchObject({ status: 0 });
    // The server's own refusals are not hidden behind the saved copy.
    await expect(cachedRead(scope, 'day', fail(404))).rejects.toMatchObject({ status: 404 });
    expect(await cachedRead(scope, 'day', async () => ({ items: [] }))).toEqual({ items: [] });
    expect(networkFailed()).toBe(false);
  });

  it('keeps only today’s data of the signed-in staff member; sign-out forgets the data but not the queue', async () => {
    await cachedRead(scope, 'day', async () => [1]);
    await cachedRead({ ...scope, day: '2026-03-01' }, 'old', async () => [0]);
    await cachedRead({ ...scope, staffId: 's2' }, 'theirs', async () => [2]);
    await pruneCache(scope);
    expect(await hasCached(scope, 'day')).toBe(true);
    expect(await hasCached({ ...scope, day: '2026-03-01' }, 'old')).toBe(false);
    expect(await hasCached({ ...scope, staffId: 's2' }, 'theirs')).toBe(false);
    await enqueueDose({
      payload: { id: crypto.randomUUID(), personId: 'p', vaccineCode: 'PFIZER', lotId: 'l' },
      staffId: 's1',
      staffName: 'S',
      facilityId: 'f',
      registrationId: 'r',
      personId: 'p',
      fullName: 'Lan',
      doseNumber: 1,
      vaccineCode: 'PFIZER',
      lotNumber: 'FA1',
      sentOnline: false,
    });
    const me = {
      kind: 'staff' as const,
      staffId: 's1',
      username: 'u',
      displayName: 'S',
      role: 'site_staff' as const,
      scope: { kind: 'facility' as const, facilityId: 'f' },
      needsTotp: false,
      needsTotpSetup: false,
      permissions: ['doses.record' as const],
    };
    await saveActor(me);
    await clearDeviceData();
    expect(await hasCached(scope, 'day')).toBe(false);
    expect(await savedActor()).toBeNull();
    expect(await listQueue()).toHaveLength(1);
  });

  it('remembers the signed-in staff member for a reload offline while the session can still be valid', async () => {
    const me = {
      kind: 'staff' as const,
      staffId: 's1',
      username: 'u',
      displayName: 'S',
      role: 'site_staff' as const,
      scope: { kind: 'facility' as const, facilityId: 'f' },
      needsTotp: false,
      needsTotpSetup: false,
      permissions: ['doses.record' as const],
    };
    const signedIn = Date.parse('2026-03-02T01:00:00Z');
    await saveActor(me, signedIn);
    // Seen again later: the session still started at the first sighting.
    await saveActor(me, signedIn + 3_600_000);
    expect(await savedActor(signedIn + STAFF_SESSION_MS - 1)).toMatchObject({ staffId: 's1' });
    expect(await savedActor(signedIn + STAFF_SESSION_MS + 1)).toBeNull();
    // Someone else signs in on the device: their session starts now.
    await saveActor({ ...me, staffId: 's2' }, signedIn + STAFF_SESSION_MS);
    expect(await savedActor(signedIn + STAFF_SESSION_MS + 1)).toMatchObject({ staffId: 's2' });
    expect(vietnamDay(Date.parse('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
  });
});
