// The field app's offline store: a service worker keeps the app itself (sw.ts), IndexedDB
// keeps the reads a screen needs (cache.ts) and the visits captured here (outbox.ts).
import { watch } from 'vue'
import { person } from '@/auth/session'
import { clearReads, clearReadsExcept } from './cache'
import { startOutbox } from './outbox'
import { registerServiceWorker } from './sw-register'

export { cached, useCached } from './cache'
export { queueVisit, resendVisit, discardVisit, useOutbox, flush } from './outbox'
export type { Cached, PendingVisit } from './types'

let started = false

/** Called once by main.ts after the app is mounted. */
export function startOffline(): void {
  if (started) return
  started = true
  registerServiceWorker()
  startOutbox()
  // The reads kept on the device are the signed-in person's, and go with their session:
  // at sign-out they are dropped (their unsent visits stay, for their next sign-in), and
  // another person signing in here never sees them.
  watch(() => person.value?.id ?? null, (now, before) => {
    if (before && !now) void clearReads(before).catch((exc) => console.warn('wangge: reads not cleared', exc))
    else if (now && before !== now) void clearReadsExcept(now).catch(() => undefined)
  })
  // opened after a person signed in elsewhere on this device (another tab)
  window.addEventListener('wangge:person-changed', () => void clearReadsExcept(person.value?.id ?? null).catch(() => undefined))
}
