import { ApiError } from '../../shared/api/client.ts';
import type { Me } from '../../shared/schemas/accounts.ts';
import { type CacheEntry, notifyOfflineChange, offlineDb, offlineStorageAvailable } from './offline-db.ts';

/** A staff session lasts 12 hours from sign-in (STAFF_SESSION_HOURS on the server). */
export const STAFF_SESSION_MS = 12 * 3_600_000;

/** Today in Vietnam (UTC+7), the day a site's saved data belongs to. */
export function vietnamDay(now = Date.now()): string {
  return new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** A request that never reached the server (no network, DNS, connection refused, the server down). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0;
}

/** Whose and which day's data a saved answer is. */
export interface CacheScope {
  staffId: string;
  day: string;
}

let lastNetworkFailure = false;
/** True when the last request of the site screens failed for want of a network. */
export function networkFailed(): boolean {
  return lastNetworkFailure;
}
function setNetworkFailure(failed: boolean) {
  if (failed === lastNetworkFailure) return;
  lastNetworkFailure = failed;
  notifyOfflineChange();
}

/** Records the outcome of a request for the offline banner (sync and dose entry report theirs too). */
export function reportNetwork(error: unknown | null) {
  setNetworkFailure(error !== null && isNetworkError(error));
}

export async function saveCached(scope: CacheScope, key: string, value: unknown) {
  if (!offlineStorageAvailable()) return;
  const db = await offlineDb();
  await db.put('cache', {
    key,
    staffId: scope.staffId,
    day: scope.day,
    savedAt: new Date().toISOString(),
    value,
  });
}

/** A saved answer of this staff member for this day, or undefined. */
export async function readCached<T>(
  scope: CacheScope,
  key: string,
): Promise<(CacheEntry & { value: T }) | undefined> {
  if (!offlineStorageAvailable()) return undefined;
  const db = await offlineDb();
  const entry = await db.get('cache', key);
  if (!entry || entry.staffId !== scope.staffId || entry.day !== scope.day) return undefined;
  return entry as CacheEntry & { value: T };
}

/** Keys last answered from the device, with when they were saved (the day list says "saved at …"). */
const fromDevice = new Map<string, string>();
/** When the answer last served for a key was saved on the device; null when it came from the server. */
export function servedFromDevice(key: string): string | null {
  return fromDevice.get(key) ?? null;
}

/**
 * A GET the site screens need offline: from the server when it answers (and saved for this staff
 * member and day), from the device when the request fails for want of a network. Other errors
 * (401, 404, …) are the server's answer and are thrown as usual.
 */
export async function cachedRead<T>(scope: CacheScope, key: string, fetcher: () => Promise<T>): Promise<T> {
  try {
    const value = await fetcher();
    fromDevice.delete(key);
    reportNetwork(null);
    await saveCached(scope, key, value).catch(() => undefined);
    return value;
  } catch (error) {
    if (!isNetworkError(error)) throw error;
    reportNetwork(error);
    const saved = await readCached<T>(scope, key).catch(() => undefined);
    if (!saved) throw error;
    fromDevice.set(key, saved.savedAt);
    return saved.value;
  }
}

/** Whether a key is saved for this scope already (warming skips what it has). */
export async function hasCached(scope: CacheScope, key: string): Promise<boolean> {
  return Boolean(await readCached(scope, key).catch(() => undefined));
}

/** Drops saved answers of other days or other staff members (kept: today's of this one). */
export async function pruneCache(scope: CacheScope) {
  if (!offlineStorageAvailable()) return;
  const db = await offlineDb();
  const tx = db.transaction('cache', 'readwrite');
  for (const entry of await tx.store.getAll())
    if (entry.staffId !== scope.staffId || entry.day !== scope.day) await tx.store.delete(entry.key);
  await tx.done;
}

type StaffMe = Extract<NonNullable<Me['actor']>, { kind: 'staff' }>;

/** Remembers the signed-in staff member (a reload without network still opens the site screen). */
export async function saveActor(actor: StaffMe, now = Date.now()) {
  if (!offlineStorageAvailable()) return;
  const db = await offlineDb();
  const previous = await db.get('meta', 'actor');
  const same = previous?.key === 'actor' && previous.actor.staffId === actor.staffId;
  await db.put('meta', {
    key: 'actor',
    actor,
    firstSeenAt: same ? previous.firstSeenAt : new Date(now).toISOString(),
  });
}

/** The staff member saved on this device, while their session can still be valid; else null. */
export async function savedActor(now = Date.now()): Promise<StaffMe | null> {
  if (!offlineStorageAvailable()) return null;
  const db = await offlineDb();
  const saved = await db.get('meta', 'actor');
  if (saved?.key !== 'actor') return null;
  if (now - Date.parse(saved.firstSeenAt) > STAFF_SESSION_MS) return null;
  return saved.actor as StaffMe;
}

/**
 * Forgets the personal data of the day (saved answers and the signed-in staff member): at sign-out
 * and when the server says the session is over. The queue stays: those doses were given.
 */
export async function clearDeviceData() {
  if (!offlineStorageAvailable()) return;
  const db = await offlineDb();
  await db.clear('cache');
  await db.delete('meta', 'actor');
  notifyOfflineChange();
}
