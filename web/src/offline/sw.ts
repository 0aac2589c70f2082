// The service worker: keeps the app itself on the device so it opens in a stairwell.
// Built to /sw.js by vite-plugins/service-worker.ts, which puts before this code the
// build's version (WG_VERSION) and every file the build produced (WG_PRECACHE). It must
// stay one self-contained file: no imports.
//
// What it never does: answer or keep an API call. /accounts, /registry, /dispatch,
// /visits and /reporting go to the network untouched (reads for offline use are kept in
// IndexedDB by the page, src/offline/cache.ts; visits are sent by the page, outbox.ts).

/// <reference lib="webworker" />
declare const self: ServiceWorkerGlobalScope
declare const WG_VERSION: string
declare const WG_PRECACHE: string[]
export {}

const PREFIX = 'wangge-shell-'
const CACHE = `${PREFIX}${WG_VERSION}`
const SHELL = '/index.html'
const API_PREFIXES = ['/accounts', '/registry', '/dispatch', '/visits', '/reporting']
/** A navigation waits this long for the network, then the app opens from the device. */
const NAVIGATION_TIMEOUT_MS = 3000
const PRECACHED = new Set(WG_PRECACHE)

function isApi(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))
}

self.addEventListener('install', (event) => {
  // all or nothing: a shell missing one chunk would open broken offline, so an install
  // that cannot fetch every file fails and the previous version stays in charge
  // Hashed files (/assets/) may come from the HTTP cache: the page just loaded them and
  // their content never changes under a name; on slow 3G that halves the first download.
  // The others (index.html, manifest, icon) are revalidated with the server.
  const requests = WG_PRECACHE.map((url) => new Request(url, { cache: url.startsWith('/assets/') ? 'default' : 'no-cache' }))
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys()
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)))
      // the first install takes the open page at once, so it works offline without a reload
      await self.clients.claim()
    })(),
  )
})

// a new version waits until the page that found it says so (src/offline/sw-register.ts)
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || isApi(url.pathname) || url.pathname === '/sw.js') return
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request))
  } else if (PRECACHED.has(url.pathname)) {
    event.respondWith(cacheFirst(request, url.pathname))
  }
  // anything else: the browser's own fetch, untouched
})

/** Hashed files never change: the device's copy, else the network. */
async function cacheFirst(request: Request, path: string): Promise<Response> {
  const cache = await caches.open(CACHE)
  return (await cache.match(path)) ?? fetch(request)
}

/** Network first (a new version shows at once when online), the kept index.html when
 *  the network fails, answers 5xx or is too slow. Every path of the app is index.html. */
async function navigate(request: Request): Promise<Response> {
  const network = fetch(request)
  network.catch(() => undefined) // it may lose the race and fail later
  try {
    const response = await Promise.race([
      network,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('slow')), NAVIGATION_TIMEOUT_MS)),
    ])
    if (response.status < 500) return response
  } catch {
    // offline or too slow: the device's copy below
  }
  const shell = await caches.open(CACHE).then((cache) => cache.match(SHELL))
  return shell ?? network
}
