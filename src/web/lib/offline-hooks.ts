import { createContext, useContext, useEffect, useState } from 'react';
import { networkFailed } from './offline-cache.ts';
import { offlineStorageAvailable, onOfflineChange, type QueuedItem, type SyncMeta } from './offline-db.ts';
import { listQueue, readSyncMeta } from './offline-queue.ts';
import type { OfflineSyncer } from './offline-sync.ts';

/** The signed-in site staff member and day the offline data belongs to, and the running syncer. */
export interface OfflineSite {
  staffId: string;
  staffName: string;
  facilityId: string;
  day: string;
  syncer: OfflineSyncer | null;
  /** Signed in from what this device remembers (no network at page load). */
  fromDevice: boolean;
}

export const OfflineSiteContext = createContext<OfflineSite | null>(null);

/** The offline context of the site screen (null outside it, e.g. the staff workspace). */
export function useOfflineSite(): OfflineSite | null {
  return useContext(OfflineSiteContext);
}

/** The queue and the last sync, kept current as this tab or another changes them. */
export function useOfflineQueue() {
  const [state, setState] = useState<{ items: QueuedItem[]; meta: SyncMeta | null }>({
    items: [],
    meta: null,
  });
  useEffect(() => {
    if (!offlineStorageAvailable()) return;
    let alive = true;
    const load = () =>
      void Promise.all([listQueue(), readSyncMeta()])
        .then(([items, meta]) => {
          if (alive) setState({ items, meta });
        })
        .catch(() => undefined);
    load();
    const off = onOfflineChange(load);
    return () => {
      alive = false;
      off();
    };
  }, []);
  return state;
}

function readOnline() {
  return (typeof navigator === 'undefined' || navigator.onLine) && !networkFailed();
}

/**
 * Whether the site screen has a network: the browser says so and the last request did not fail for
 * want of one (a connected Wi-Fi without internet looks "online" to the browser).
 */
export function useNetworkOnline(): boolean {
  const [online, setOnline] = useState(readOnline);
  useEffect(() => {
    const update = () => setOnline(readOnline());
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    const off = onOfflineChange(update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
      off();
    };
  }, []);
  return online;
}
