import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { z } from 'zod';
import type { ScreeningOutcome } from '../../shared/rules/screening.ts';
import type { doseRecordSchema } from '../../shared/schemas/doses.ts';
import type { Problem } from '../../shared/schemas/problem.ts';
import type { screeningCreateSchema } from '../../shared/schemas/visits.ts';

/**
 * The site screen's storage on the staff device (IndexedDB through `idb`): the queue of check-ins,
 * screenings and doses entered without a network (one ordered queue per device), the day's data the screens read when a fetch fails, and the sync state. Personal
 * data lives here only while the staff session is valid: sign-out and a session the server no longer
 * knows clear the day's data (the queue is kept until it is sent or discarded on purpose).
 */

/** The body of one dose as `POST /api/staff/doses/batch` takes it; sent exactly as stored. */
export type DosePayload = z.input<typeof doseRecordSchema>;

export type QueueState = 'waiting' | 'conflict' | 'refused';

/** The body of one screening as the day batch takes it; sent exactly as stored. */
export type ScreeningPayload = z.input<typeof screeningCreateSchema>;

/** What every queued step of a person's visit carries. */
interface QueuedStep {
  id: string;
  state: QueueState;
  problem?: Problem;
  staffId: string;
  staffName: string;
  facilityId: string;
  registrationId: string;
  personId: string;
  fullName: string;
  queuedAt: string;
  sentOnline: boolean;
  attempts: number;
}

/** A check-in done without a network (idempotent on the server by registration, facility and day). */
export interface QueuedCheckIn extends QueuedStep {
  kind: 'check_in';
  /** When the person was checked in on this device. */
  at: string;
}

/** A screening saved without a network, with the outcome the device suggested by the shared rule. */
export interface QueuedScreening extends QueuedStep {
  kind: 'screening';
  at: string;
  payload: ScreeningPayload;
  suggestedOutcome: ScreeningOutcome;
}

/** Anything the site screen queued: a check-in, a screening or a dose, sent in the order queued. */
export type QueuedItem = QueuedDose | QueuedCheckIn | QueuedScreening;

/** Whether a queued item is a dose (items queued before check-ins and screenings were have no kind). */
export function isQueuedDose(item: QueuedItem): item is QueuedDose {
  return item.kind === undefined || item.kind === 'dose';
}

export interface QueuedDose {
  kind?: 'dose';
  /** The dose's client UUID (= payload.id): the server records it once however often it is sent. */
  id: string;
  payload: DosePayload;
  state: QueueState;
  /** Why the server did not record it (conflict or refusal), in both languages. */
  problem?: Problem;
  staffId: string;
  staffName: string;
  facilityId: string;
  registrationId: string;
  personId: string;
  fullName: string;
  doseNumber: number | null;
  vaccineCode: string;
  lotNumber: string;
  queuedAt: string;
  /**
   * The online request was sent and failed with a network error: the server may have recorded it with
   * server time (no `givenAt`). A `dose_id_reused` answer then means that first request got through.
   */
  sentOnline: boolean;
  /** Sync attempts that reached the server or failed on the way. */
  attempts: number;
}

/** A saved answer of a GET the site screens need offline, for one staff member and one day. */
export interface CacheEntry {
  key: string;
  staffId: string;
  day: string;
  savedAt: string;
  value: unknown;
}

/** The signed-in staff member, for reloads without a network. */
export interface SavedActor {
  key: 'actor';
  actor: {
    kind: 'staff';
    staffId: string;
    username: string;
    displayName: string;
    role: string;
    scope: { kind: string; facilityId?: string; unitId?: string; communeId?: string };
    needsTotp: boolean;
  };
  /** When this device first saw this session signed in (the session ends 12 hours after sign-in). */
  firstSeenAt: string;
}

export interface SyncMeta {
  key: 'sync';
  lastSyncAt: string | null;
  lastError: { kind: 'offline' | 'signIn' | 'failed'; at: string; problem?: Problem } | null;
}

interface OfflineSchema extends DBSchema {
  queue: { key: string; value: QueuedItem; indexes: { byQueuedAt: string } };
  cache: { key: string; value: CacheEntry };
  meta: { key: string; value: SavedActor | SyncMeta };
}

export const OFFLINE_DB_NAME = 'sskdt-offline';
let opening: Promise<IDBPDatabase<OfflineSchema>> | null = null;

/** The database, opened once per page (upgrades create the stores). */
export function offlineDb(): Promise<IDBPDatabase<OfflineSchema>> {
  opening ??= openDB<OfflineSchema>(OFFLINE_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('queue', { keyPath: 'id' }).createIndex('byQueuedAt', 'queuedAt');
      db.createObjectStore('cache', { keyPath: 'key' });
      db.createObjectStore('meta', { keyPath: 'key' });
    },
    blocking() {
      // Another tab runs a newer version: let it upgrade, this page opens again on next use.
      void opening?.then((db) => db.close());
      opening = null;
    },
  });
  opening.catch(() => {
    opening = null;
  });
  return opening;
}

/** Closes the database (tests start each case on a fresh one). */
export async function closeOfflineDb() {
  const db = await opening?.catch(() => null);
  db?.close();
  opening = null;
}

/** IndexedDB can be missing (old browsers, some private modes): the screens then work online only. */
export function offlineStorageAvailable(): boolean {
  return typeof indexedDB !== 'undefined';
}

type Listener = () => void;
const listeners = new Set<Listener>();
const channel =
  typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('sskdt-offline') : (null as null);
// Node (unit tests) would keep its process alive for an open channel.
(channel as unknown as { unref?: () => void } | null)?.unref?.();
channel?.addEventListener('message', () => {
  for (const listener of listeners) listener();
});

/** Tells this tab's and other tabs' screens that the queue or sync state changed. */
export function notifyOfflineChange() {
  for (const listener of listeners) listener();
  channel?.postMessage('changed');
}

/** Subscribes to queue and sync-state changes (from this tab and others); returns the unsubscribe. */
export function onOfflineChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
