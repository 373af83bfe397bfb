/*
 * sskdt service worker: keeps the app usable offline (the certificate verifier above all) and shows
 * Web Push notifications, opening the app where they point.
 *
 * Offline: the app shell (index.html, the same for every route) and the built assets it references
 * (crawled from the HTML, CSS and JS, so lazily loaded pages and fonts are included) are cached when
 * the worker installs. /assets/* are content-hashed: cache-first. Navigations and the published trust
 * lists (with the SMART Health Card CRLs, /.well-known/crl/*): network-first, falling back to the cache. /api is never cached (personal data).
 */

const SHELL_CACHE = 'sskdt-shell-v2';
const ASSET_CACHE = 'sskdt-assets-v1';
const DATA_CACHE = 'sskdt-data-v1';
const CACHES = [SHELL_CACHE, ASSET_CACHE, DATA_CACHE];
const SHELL_URL = '/';
/** Unhashed public files the shell shows (the logo) or the browser asks for offline. */
const SHELL_FILES = ['/favicon.svg', '/manifest.webmanifest'];
const TRUST_LISTS = [
  '/.well-known/sskdt/dcc-trust-list.json',
  '/.well-known/jwks.json',
  '/.well-known/sskdt/dcc-revocations.json',
];

/** /assets/ file names referenced by a text (HTML: assets/x, CSS: /assets/x, JS chunks: ./x). */
function assetRefs(text) {
  const refs = new Set();
  for (const match of text.matchAll(/(?:\/?assets\/|\.\/)([\w.-]+\.(?:js|css|woff2))\b/g))
    refs.add(`/assets/${match[1]}`);
  return [...refs];
}

/** Caches every asset reachable from the shell and drops cached assets of older builds. */
async function cacheAssetsOf(html) {
  const cache = await caches.open(ASSET_CACHE);
  const reachable = new Set();
  const queue = assetRefs(html);
  while (queue.length) {
    const url = queue.shift();
    if (reachable.has(url)) continue;
    reachable.add(url);
    let response = await cache.match(url);
    if (!response) {
      response = await fetch(url);
      if (!response.ok) continue;
      await cache.put(url, response.clone());
    }
    if (/\.(js|css)$/.test(url)) queue.push(...assetRefs(await response.text()));
  }
  for (const request of await cache.keys())
    if (!reachable.has(new URL(request.url).pathname)) await cache.delete(request);
}

async function precache() {
  const response = await fetch(SHELL_URL, { cache: 'no-cache' });
  if (!response.ok) return;
  const shell = await caches.open(SHELL_CACHE);
  await shell.put(SHELL_URL, response.clone());
  await shell.addAll(SHELL_FILES).catch(() => undefined);
  await cacheAssetsOf(await response.text());
}

self.addEventListener('install', (event) => {
  // A failed precache (offline install) must not stop push handling: the runtime caches fill later.
  event.waitUntil(
    precache()
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith('sskdt-') && !CACHES.includes(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function cacheFirst(request) {
  const cache = await caches.open(ASSET_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function navigation(request) {
  const shell = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    const type = response.headers.get('content-type') || '';
    if (response.ok && type.includes('text/html')) {
      const html = await response.clone().text();
      const previous = await shell.match(SHELL_URL);
      if (!previous || (await previous.text()) !== html) {
        await shell.put(SHELL_URL, response.clone());
        // A new build: fetch its assets now, while online.
        cacheAssetsOf(html).catch(() => undefined);
      }
    }
    return response;
  } catch (error) {
    const cached = await shell.match(SHELL_URL);
    if (cached) return cached;
    throw error;
  }
}

/** The logo and manifest: the network when it answers (they may change without a new hash), else the cache. */
async function shellFile(request) {
  const shell = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await shell.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await shell.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function networkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
  else if (request.mode === 'navigate') event.respondWith(navigation(request));
  else if (TRUST_LISTS.includes(url.pathname) || url.pathname.startsWith('/.well-known/crl/'))
    event.respondWith(networkFirst(request));
  else if (SHELL_FILES.includes(url.pathname)) event.respondWith(shellFile(request));
});

// The server sends an encrypted JSON payload {title, body, url}; the browser decrypts it for us.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'SSKDT';
  const url = typeof data.url === 'string' && data.url.startsWith('/') ? data.url : '/citizen';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      icon: '/favicon.svg',
      badge: '/favicon.svg',
      data: { url },
      lang: self.navigator.language,
    }),
  );
});

// A click focuses an open tab of the app (and takes it to the message's page) or opens a new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || '/citizen', self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const client of windows) {
        if (new URL(client.url).origin !== self.location.origin) continue;
        await client.focus();
        if (client.url !== target && 'navigate' in client) await client.navigate(target);
        return;
      }
      await self.clients.openWindow(target);
    })(),
  );
});
