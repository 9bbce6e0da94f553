// Marque service worker, hand-written (no build step, no dependency).
// - App shell: navigations are network-first with the cached index.html as fallback; built assets (/assets/*,
//   hashed) and the icons are cached as they are fetched.
// - API: only GET /api/v1/garage and GET /api/v1/vehicles/{VIN}/status are cached, network-first, so the app shows
//   the last known state offline. Every other API request and every non-GET request passes through untouched.
// - The page posts {type: 'marque.clear-cache'} on sign-out; the cache is then deleted.
// - Web Push: a `push` shows the notice (JSON {id, kind, title, body, url}); a click opens its app path.
const CACHE = 'marque-offline-v1';
const SHELL = '/index.html';
const APP_PATH = /^\/(?:$|(?:app|portal|charging|retailer|care|admin|headunit|mail)(?:\/|$))/;
const CACHED_API = /^\/api\/v1\/(?:garage|vehicles\/[A-HJ-NPR-Z0-9]{17}\/status)$/i;
const STATIC = /^\/(?:assets\/|favicon\.svg$|icon[\w-]*\.(?:svg|png)$|manifest\.webmanifest$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.add(SHELL))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('marque-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type !== 'marque.clear-cache') return;
  const done = caches.delete(CACHE).then(() => event.ports[0]?.postMessage('cleared'));
  event.waitUntil(done);
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && APP_PATH.test(url.pathname)) return event.respondWith(navigation(req));
  if (CACHED_API.test(url.pathname) && !url.search) return event.respondWith(networkFirst(req));
  if (STATIC.test(url.pathname)) return event.respondWith(cacheFirst(req));
});

async function navigation(req) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok && (res.headers.get('content-type') ?? '').startsWith('text/html')) await cache.put(SHELL, res.clone());
    return res;
  } catch (e) {
    const shell = await cache.match(SHELL);
    if (shell) return shell;
    throw e;
  }
}

async function networkFirst(req) {
  const cache = await caches.open(CACHE);
  let res;
  try {
    res = await fetch(req);
  } catch (e) {
    const cached = await cache.match(req);
    if (cached) return cached;
    throw e;
  }
  if (res.ok) await cache.put(req, res.clone());
  else if (res.status === 401 || res.status === 403) await cache.delete(req); // signed out or no longer the holder
  return res;
}

async function cacheFirst(req) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(req);
  if (cached) return cached;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}

// Only app paths are opened from a notice; anything else falls back to the inbox.
const NOTICE_PATH = /^\/app(?:\/[\w./-]*)?$/;

self.addEventListener('push', (event) => {
  let notice = {};
  try {
    notice = event.data ? event.data.json() : {};
  } catch {
    notice = { body: event.data ? event.data.text() : '' };
  }
  const url = typeof notice.url === 'string' && NOTICE_PATH.test(notice.url) ? notice.url : '/app/inbox';
  event.waitUntil(
    self.registration.showNotification(typeof notice.title === 'string' ? notice.title : 'Marque', {
      body: typeof notice.body === 'string' ? notice.body : '',
      icon: '/icon.svg',
      badge: '/icon.svg',
      tag: typeof notice.id === 'string' ? notice.id : undefined,
      data: { url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = event.notification.data && NOTICE_PATH.test(event.notification.data.url) ? event.notification.data.url : '/app/inbox';
  const target = new URL(path, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === target) ?? windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) return open.navigate(target).then((w) => (w ?? open).focus());
      return self.clients.openWindow(target);
    }),
  );
});

// The push service replaced the subscription (it expired or its keys changed). Without a session at hand, the old
// subscription's auth secret proves to the platform that this browser held it; the account then keeps receiving
// notices on the new one. A browser that gives no old subscription cannot prove it: push is turned on again in the
// app's notification preferences.
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    (async () => {
      const old = event.oldSubscription ? event.oldSubscription.toJSON() : null;
      if (!old || !old.endpoint || !old.keys || !old.keys.auth) return;
      const next =
        event.newSubscription ??
        (await self.registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: event.oldSubscription.options.applicationServerKey,
        }));
      const { endpoint, keys } = next.toJSON();
      await fetch('/api/v1/push/subscriptions/renew', {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ old: { endpoint: old.endpoint, auth: old.keys.auth }, subscription: { endpoint, keys } }),
      });
    })(),
  );
});
