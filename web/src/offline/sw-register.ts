// Registers the service worker (src/offline/sw.ts, built to /sw.js by
// vite-plugins/service-worker.ts) in production builds. A new version installs in the
// background and takes over at once: the page that found it was itself loaded from the
// network (navigations are network first), so it already matches the new version.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  // a chunk of an older build gone from the server and the caches: load the page again
  // (once per minute at most, so a broken deployment cannot loop)
  window.addEventListener('vite:preloadError', (event) => {
    const last = Number(sessionStorage.getItem('wangge.reloaded') ?? 0)
    if (Date.now() - last < 60_000) return
    sessionStorage.setItem('wangge.reloaded', String(Date.now()))
    event.preventDefault()
    location.reload()
  })
  // after the page has loaded and settled: the precache (the whole app) must not compete
  // with the first screen's own scripts and API calls on a slow link
  const register = (): void => {
    const idle = (window as { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback
    if (idle) idle(start, { timeout: 3000 })
    else setTimeout(start, 1000)
  }
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}

function start(): void {
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
