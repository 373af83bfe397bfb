import type { Page } from 'playwright-core';

/** An item of the site's device store (`sskdt-offline`), as the browser tests read it. */
export interface Stored {
  key?: string;
  id?: string;
  kind?: string;
  state?: string;
  queuedAt?: string;
  payload?: Record<string, unknown>;
}

/** What the page holds in IndexedDB: the queue, or the saved answers. */
export const readStore = (page: Page, store: 'queue' | 'cache') =>
  page.evaluate(
    (name) =>
      new Promise<Stored[]>((resolve, reject) => {
        const open = indexedDB.open('sskdt-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
        };
      }),
    store,
  );

/** Puts items back in the device's queue, as after an interrupted sync, and tells the app. */
export const requeue = (page: Page, items: Stored[]) =>
  page.evaluate(
    (queued) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sskdt-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('queue', 'readwrite');
          for (const item of queued) tx.objectStore('queue').put(item);
          tx.oncomplete = () => {
            open.result.close();
            new BroadcastChannel('sskdt-offline').postMessage('changed');
            resolve();
          };
        };
      }),
    items,
  );
