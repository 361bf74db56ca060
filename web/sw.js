// SPDX-License-Identifier: Apache-2.0
// The portal's service worker: makes 信用武汉 installable on phones and usable without a network for
// what can be shown offline. Three rules, in this order:
//   1. Only same-origin GETs are touched; everything under /api/ goes to the network and is never
//      stored: credit data change (a withdrawal must vanish at once) and some answers are personal.
//   2. Pages (navigations): the network first, so a page is never older than the server's; without a
//      network the copy kept from the last visit, else the offline page.
//   3. Static files (scripts, styles, messages, images): the kept copy at once, refreshed from the
//      network behind it (stale-while-revalidate), so an update reaches the next visit.
// The shell precached on install is what the offline page needs; other pages are kept as visited.
const CACHE = 'xinyong-shell-v1';
const OFFLINE = '/offline.html';
const SHELL = [
  OFFLINE,
  '/css/site.css',
  '/js/offline.js',
  '/js/layout.js',
  '/js/dom.js',
  '/js/format.js',
  '/js/i18n.js',
  '/js/idcheck.js',
  '/i18n/zh.json',
  '/i18n/en.json',
  '/img/logo.svg',
  '/img/icon-192.png',
  '/manifest.webmanifest',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('xinyong-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/** Keeps a copy of a good, plain answer (not partial, not an error, not marked no-store). */
async function keep(request, response) {
  if (response.ok && response.status === 200 && response.type === 'basic' && !/no-store/.test(response.headers.get('Cache-Control') || '')) {
    const c = await caches.open(CACHE);
    await c.put(request, response.clone());
  }
  return response;
}

async function page(request) {
  try {
    return await keep(request, await fetch(request));
  } catch {
    const c = await caches.open(CACHE);
    // A page's copy is kept under its URL without the query (search.html?q=... is one page).
    return (await c.match(request, { ignoreSearch: true })) || (await c.match(OFFLINE));
  }
}

async function asset(event) {
  const c = await caches.open(CACHE);
  const kept = await c.match(event.request);
  const fresh = fetch(event.request).then((r) => keep(event.request, r));
  if (kept) {
    event.waitUntil(fresh.catch(() => undefined));
    return kept;
  }
  return fresh;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || request.headers.has('Authorization')) return;
  if (request.mode === 'navigate') event.respondWith(page(request));
  else event.respondWith(asset(event));
});
