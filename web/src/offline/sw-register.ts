// Registers the service worker (src/offline/sw.ts, built to /sw.js by
// vite-plugins/service-worker.ts) in production builds. A new version installs in the
// background and takes over at once: the page that found it was itself loaded from the
// network (navigations are network first), so it already matches the new version.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  // a chunk of an older build gone from the server and the caches: load the page again
  // (online only: offline, a reload would lose the screen; at most once a minute, so a
  // broken deployment cannot loop)
  window.addEventListener('vite:preloadError', (event) => {
    if (!navigator.onLine) return
    const last = Number(sessionStorage.getItem('wangge.reloaded') ?? 0)
    if (Date.now() - last < 60_000) return
    sessionStorage.setItem('wangge.reloaded', String(Date.now()))
    event.preventDefault()
    location.reload()
  })
  // once the page has loaded: the precache (the whole app) then takes the link while the
  // first screen's API calls are under way, but soon, since the next screen may already
  // be opened without signal
  if (document.readyState === 'complete') start()
  else window.addEventListener('load', start, { once: true })
}

/** <html data-offline-ready> once a service worker controls the page: it took control
 *  only after keeping every file of its version, so from then on the app opens and its
 *  screens load without a network (browser tests wait for it before going offline). */
function markReady(): void {
  if (navigator.serviceWorker.controller) document.documentElement.dataset.offlineReady = '1'
}

function start(): void {
  navigator.serviceWorker.addEventListener('controllerchange', markReady)
  markReady()
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then((registration) => {
      const activate = (worker: ServiceWorker | null): void => worker?.postMessage({ type: 'SKIP_WAITING' })
      if (registration.waiting && navigator.serviceWorker.controller) activate(registration.waiting)
      registration.addEventListener('updatefound', () => {
        const worker = registration.installing
        worker?.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) activate(worker)
        })
      })
    })
    .catch((exc) => console.warn('wangge: no service worker; the app needs the network to open', exc))
}
