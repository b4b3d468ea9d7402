// Calentify's service worker. The server puts BUILD (this build's id) and PRECACHE (its
// bundle and icons) above this line.
//
// - The bundle is kept per build and used only by pages of that build, so a page never
//   runs with files of another one; a new build's worker replaces the old cache.
// - Pages come from the network first; when it fails or is slow, the copy kept from the
//   last visit answers, marked with the time it was fetched.
// - Pages are kept apart per signed-in session (the `x-calentify-viewer` header); when
//   the viewer changes (sign-out, someone else), the other sessions' pages are dropped.
// - Server functions (/api), form posts and other sites are never answered from here.

const STATIC = `static-${BUILD}`;
const PAGES = 'pages-';
const PUBLIC = 'public';
const META = 'calentify-meta';
const NETWORK_TIMEOUT_MS = 3000;
/** The build each open page came from, by client id. */
const buildOf = new Map();

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(STATIC);
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('static-') && name !== STATIC) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/dev/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(event, url));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(asset(event));
  }
});

/** This build's files for this build's pages; the network for any other page. */
async function asset(event) {
  const build = buildOf.get(event.clientId);
  if (build === BUILD) {
    const hit = await caches.match(event.request, { cacheName: STATIC });
    if (hit) return hit;
  }
  try {
    return await fetch(event.request);
  } catch (offline) {
    const hit = await caches.match(event.request, { cacheName: STATIC });
    if (hit) return hit;
    throw offline;
  }
}

async function page(event, url) {
  const network = fetch(event.request);
  let answer;
  try {
    answer = await Promise.race([
      network,
      new Promise((_, reject) => setTimeout(() => reject(new Error('slow')), NETWORK_TIMEOUT_MS)),
    ]);
  } catch (slowOrOffline) {
    const kept = await keptPage(url);
    if (kept) {
      // The kept page's bundle is only there if it is this build's.
      buildOf.set(event.resultingClientId, kept.build);
      return kept.response;
    }
    return network;
  }
  const build = answer.headers.get('x-calentify-build');
  if (build) {
    buildOf.set(event.resultingClientId, build);
    if (build !== BUILD) self.registration.update();
  }
  event.waitUntil(keep(answer.clone()));
  return answer;
}

/** Keeps a page for the session that fetched it. */
async function keep(response) {
  const viewer = response.headers.get('x-calentify-viewer');
  if (!viewer) return;
  await switchViewer(viewer);
  if (response.status !== 200 || /no-store/.test(response.headers.get('cache-control') ?? '')) return;
  const headers = new Headers(response.headers);
  headers.set('x-calentify-kept-at', new Date().toISOString());
  headers.delete('content-encoding');
  headers.delete('content-length');
  const body = await response.text();
  const cache = await caches.open(PAGES + viewer);
  await cache.put(response.url, new Response(body, { status: 200, headers }));
  // A person's list of appointments: keep each one's page too, for use offline.
  if (viewer !== PUBLIC && new URL(response.url).pathname === '/appointments') {
    const ids = new Set([...body.matchAll(/href="\/appointments\/([0-9a-f-]{36})"/g)].map((m) => m[1]));
    for (const id of ids) {
      try {
        const detail = await fetch(`/appointments/${id}`, { credentials: 'same-origin' });
        if (detail.ok) await keep(detail);
      } catch (offline) {
        return;
      }
    }
  }
}

/** Remembers whose pages are kept; another viewer's pages go. */
async function switchViewer(viewer) {
  const meta = await caches.open(META);
  const known = await meta.match('/viewer');
  const previous = known ? await known.text() : null;
  if (previous === viewer) return;
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES) && name !== PAGES + PUBLIC && name !== PAGES + viewer) {
      await caches.delete(name);
    }
  }
  await meta.put('/viewer', new Response(viewer));
}

/** The kept copy of a page, for the current viewer, marked with when it was fetched. */
async function keptPage(url) {
  const meta = await caches.open(META);
  const known = await meta.match('/viewer');
  const viewer = known ? await known.text() : PUBLIC;
  for (const name of viewer === PUBLIC ? [PAGES + PUBLIC] : [PAGES + viewer, PAGES + PUBLIC]) {
    const cache = await caches.open(name);
    const hit = (await cache.match(url.href)) ?? (await cache.match(url.href, { ignoreSearch: true }));
    if (!hit) continue;
    const keptAt = hit.headers.get('x-calentify-kept-at') ?? '';
    const html = (await hit.text()).replace('<html', `<html data-offline-as-of="${keptAt}"`);
    return {
      build: hit.headers.get('x-calentify-build'),
      response: new Response(html, { status: 200, headers: hit.headers }),
    };
  }
  return null;
}
