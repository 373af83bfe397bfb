import type { Problem } from '../../shared/schemas/problem.ts';
import {
  type DosePayload,
  isQueuedDose,
  notifyOfflineChange,
  offlineDb,
  type QueuedCheckIn,
  type QueuedDose,
  type QueuedItem,
  type QueuedScreening,
  type QueueState,
  type SyncMeta,
} from './offline-db.ts';

/** What the screen knows about a dose when it queues it (the rest is filled in here). */
export type NewQueuedDose = Omit<QueuedDose, 'id' | 'state' | 'attempts' | 'queuedAt' | 'problem'> & {
  queuedAt?: string;
};

/** Puts a dose in the queue, keyed by its client UUID: queuing the same dose twice keeps one item. */
export async function enqueueDose(dose: NewQueuedDose): Promise<QueuedDose> {
  const item: QueuedDose = {
    ...dose,
    id: dose.payload.id,
    state: 'waiting',
    attempts: 0,
    queuedAt: dose.queuedAt ?? new Date().toISOString(),
  };
  const db = await offlineDb();
  await db.put('queue', item);
  notifyOfflineChange();
  return item;
}

/** What the screen knows about a check-in or screening when it queues it. */
export type NewQueuedStep = (
  | Omit<QueuedCheckIn, 'state' | 'attempts' | 'queuedAt' | 'problem' | 'sentOnline'>
  | Omit<QueuedScreening, 'state' | 'attempts' | 'queuedAt' | 'problem' | 'sentOnline'>
) & { queuedAt?: string };

/**
 * Puts a check-in or a screening in the queue, after what is already there (the order is the order
 * they are sent in: a person's check-in before their screening before their dose).
 */
export async function enqueueStep(step: NewQueuedStep): Promise<QueuedItem> {
  const item = {
    ...step,
    state: 'waiting',
    attempts: 0,
    sentOnline: false,
    queuedAt: step.queuedAt ?? new Date().toISOString(),
  } as QueuedItem;
  const db = await offlineDb();
  await db.put('queue', item);
  notifyOfflineChange();
  return item;
}

/** Everything queued, oldest first (the order it is sent in). */
export async function listQueue(): Promise<QueuedItem[]> {
  const db = await offlineDb();
  return db.getAllFromIndex('queue', 'byQueuedAt');
}

/** Drops a dose from the queue: sent and recorded, or discarded by the user. */
export async function removeQueued(id: string) {
  const db = await offlineDb();
  await db.delete('queue', id);
  notifyOfflineChange();
}

/** Marks a dose the server did not record (conflict or refusal) with the server's problem. */
export async function markQueued(id: string, state: QueueState, problem?: Problem) {
  const db = await offlineDb();
  const tx = db.transaction('queue', 'readwrite');
  const item = await tx.store.get(id);
  if (item) await tx.store.put({ ...item, state, problem, attempts: item.attempts + 1 });
  await tx.done;
  notifyOfflineChange();
}

/**
 * Changes a refused dose and puts it back to send. It gets a new UUID: the server never recorded the
 * refused one, and a new id keeps "same id, other content" (`dose_id_reused`) impossible.
 */
export async function editQueued(
  id: string,
  changes: Pick<DosePayload, 'lotId' | 'doseNumber' | 'overrideReason'> & { lotNumber?: string },
): Promise<QueuedDose | null> {
  const db = await offlineDb();
  const tx = db.transaction('queue', 'readwrite');
  const item = await tx.store.get(id);
  if (!item || !isQueuedDose(item)) {
    await tx.done;
    return null;
  }
  const newId = crypto.randomUUID();
  const { lotNumber, ...payloadChanges } = changes;
  const edited: QueuedDose = {
    ...item,
    id: newId,
    payload: { ...item.payload, ...payloadChanges, id: newId },
    doseNumber: changes.doseNumber ?? item.doseNumber,
    lotNumber: lotNumber ?? item.lotNumber,
    state: 'waiting',
    problem: undefined,
    sentOnline: false,
  };
  await tx.store.delete(id);
  await tx.store.put(edited);
  await tx.done;
  notifyOfflineChange();
  return edited;
}

/** The last sync's time and error, as the queue indicator shows them. */
export async function readSyncMeta(): Promise<SyncMeta> {
  const db = await offlineDb();
  const meta = await db.get('meta', 'sync');
  return meta && meta.key === 'sync' ? meta : { key: 'sync', lastSyncAt: null, lastError: null };
}

export async function writeSyncMeta(change: Partial<Omit<SyncMeta, 'key'>>) {
  const db = await offlineDb();
  await db.put('meta', { ...(await readSyncMeta()), ...change });
  notifyOfflineChange();
}

/** Empties the queue (sign-out after the user chose to discard what was not sent). */
export async function clearQueue() {
  const db = await offlineDb();
  await db.clear('queue');
  await db.put('meta', { key: 'sync', lastSyncAt: null, lastError: null });
  notifyOfflineChange();
}
