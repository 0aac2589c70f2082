// Visits captured on this device, kept in IndexedDB BEFORE anything is sent, and sent one
// by one from the page (never the service worker) while the person who captured them is
// signed in. Each keeps its client visit id for good: a visit whose answer was lost on
// the way is sent again with the same id and the visits service records it once (200).
//
//   pending ──send──▶ sending ──201/200──▶ sent (kept for the day, then pruned)
//      ▲                 │──400/404/409/413/422/403──▶ refused (reason + fields) ──resend──▶ pending
//      └── no answer, 5xx, 408/429, 401 (session over) ──┘
import { computed, ref, shallowRef, watch } from 'vue'
import type { paths } from '@/api/schema/visits'
import { visits } from '@/api/client'
import { apiError, NetworkError } from '@/api/errors'
import { accessToken, online, person, refreshSession } from '@/auth/session'
import { badge } from '@/layout/badges'
import { all, del, get, put, tx, type MetaRow } from './db'
import type { PendingVisit } from './types'

type VisitBody = paths['/visits']['post']['requestBody']['content']['application/json']
/** The body of POST /visits/visits (answers typed as the open object they are: the
 *  generated schema says Record<string, never> for a free-form object). */
export type VisitPayload = Omit<VisitBody, 'answers'> & { answers?: Record<string, unknown> }
export type VisitState = PendingVisit['state']

/** A POST that gets no answer in this time is given up and sent again later, same id. */
export const SEND_TIMEOUT_MS = 30_000
const FIRST_BACKOFF_MS = 5_000
const MAX_BACKOFF_MS = 5 * 60_000
const LEASE_MS = SEND_TIMEOUT_MS * 2
const LOCK_NAME = 'wangge-outbox-send'
const LEASE_ID = 'outbox-send-lease'

const tabId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`

// ---------------------------------------------------------------- reactive state

const items = shallowRef<PendingVisit[]>([])
const othersWaiting = ref(0)
/** The person's session is over: their visits wait until they sign in again. */
const sessionExpired = ref(false)
/** This tab is sending right now. */
const busy = ref(false)
const tasksBadge = badge('/tasks')
let loaded: Promise<void> | null = null

let channel: BroadcastChannel | null = typeof BroadcastChannel === 'function' ? new BroadcastChannel('wangge-outbox') : null
channel?.addEventListener('message', () => void refreshList())

/** Sent visits are kept until the end of the day they were sent on, so the app shows
 *  them sent, then pruned. */
function startOfToday(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
}

function byCapture(a: PendingVisit, b: PendingVisit): number {
  return a.captured_at < b.captured_at ? -1 : a.captured_at > b.captured_at ? 1 : a.client_visit_id < b.client_visit_id ? -1 : 1
}

/** Reads the outbox again into the reactive list (the signed-in person's visits only). */
export async function refreshList(): Promise<void> {
  const who = person.value?.id ?? null
  let rows: PendingVisit[]
  try {
    rows = await tx('outbox', 'readonly', (t) => all<PendingVisit>(t, 'outbox'))
  } catch (exc) {
    console.warn('wangge: could not read the outbox', exc)
    return
  }
  const mine = rows.filter((v) => v.person_id === who).sort(byCapture).reverse()
  items.value = mine
  othersWaiting.value = rows.filter((v) => v.person_id !== who && v.state !== 'sent').length
  tasksBadge.value = mine.filter((v) => v.state !== 'sent').length
}

function ensureLoaded(): Promise<void> {
  loaded ??= refreshList()
  return loaded
}

async function changed(): Promise<void> {
  await refreshList()
  channel?.postMessage('changed')
}

/** Read-modify-write of one visit in one transaction. */
async function update(id: string, change: (v: PendingVisit) => PendingVisit | null): Promise<PendingVisit | null> {
  const result = await tx('outbox', 'readwrite', async (t) => {
    const v = await get<PendingVisit>(t, 'outbox', id)
    if (!v) return null
    const next = change(v)
    if (next) await put(t, 'outbox', next)
    return next
  })
  await changed()
  return result
}

function plain<T>(value: T): T {
  // IndexedDB clones structurally and refuses Vue proxies; the payload is JSON anyway
  return JSON.parse(JSON.stringify(value)) as T
}

// ---------------------------------------------------------------- capture

/** A new client visit id (a version 4 UUID). crypto.randomUUID exists only in secure
 *  contexts (https, localhost); getRandomValues everywhere, so plain http on a LAN works. */
export function newVisitId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Keeps a captured visit on the device (durably: resolves once IndexedDB committed it),
 *  then starts sending. Its payload.visit_id is its client visit id. Queuing the same
 *  visit id again replaces a visit not yet sent; one already sent is left as it is. */
export async function queueVisit(payload: VisitPayload): Promise<PendingVisit> {
  const who = person.value?.id
  if (!who) throw new Error('no one is signed in on this device: a visit needs its author')
  const id = payload.visit_id
  if (!id) throw new Error('visit_id is required: it is the visit\'s client id')
  const body = plain(payload) as unknown as Record<string, unknown>
  const stored = await tx('outbox', 'readwrite', async (t) => {
    const existing = await get<PendingVisit>(t, 'outbox', id)
    if (existing && existing.person_id !== who) throw new Error(`visit ${id} was captured by another account`)
    if (existing && (existing.state === 'sent' || existing.state === 'sending')) return existing
    const v: PendingVisit = {
      client_visit_id: id,
      person_id: who,
      campaign_id: payload.campaign_id,
      household_code: payload.household_code,
      payload: body,
      state: 'pending',
      captured_at: existing?.captured_at ?? new Date().toISOString(),
      attempts: existing?.attempts ?? 0,
    }
    await put(t, 'outbox', v)
    return v
  })
  await changed()
  void keepStorage()
  void flush({ now: true })
  return stored
}

let persistAsked = false

/** Asks the browser not to evict this site's storage under pressure (IndexedDB is
 *  otherwise "best effort"): once, when the first visit is kept. */
async function keepStorage(): Promise<void> {
  if (persistAsked || typeof navigator === 'undefined' || !navigator.storage?.persist) return
  persistAsked = true
  try {
    if (!(await navigator.storage.persisted())) await navigator.storage.persist()
  } catch {
    // not granted: the visits are still kept, only less firmly
  }
}

/** A refused visit corrected: the new payload replaces the old (same visit id, whatever
 *  the payload says) and is sent again. */
export async function resendVisit(id: string, payload: VisitPayload): Promise<PendingVisit> {
  const who = person.value?.id
  const body: Record<string, unknown> = { ...(plain(payload) as unknown as Record<string, unknown>), visit_id: id }
  let refusedWhy: string | null = null
  const next = await update(id, (v) => {
    if (v.person_id !== who) {
      refusedWhy = `visit ${id} was captured by another account`
      return null
    }
    if (v.state === 'sent' || v.state === 'sending') {
      refusedWhy = `visit ${id} is ${v.state}: it cannot be changed`
      return null
    }
    return {
      ...v,
      payload: body,
      campaign_id: String(body.campaign_id ?? v.campaign_id),
      household_code: String(body.household_code ?? v.household_code),
      state: 'pending',
      refusal: undefined,
      next_try_at: undefined,
      last_problem: undefined,
    }
  })
  if (refusedWhy) throw new Error(refusedWhy)
  if (!next) throw new Error(`no visit ${id} on this device`)
  void flush({ now: true })
  return next
}

/** Drops a refused visit the person gave up on (never a pending or sent one). */
export async function discardVisit(id: string): Promise<void> {
  const who = person.value?.id
  await tx('outbox', 'readwrite', async (t) => {
    const v = await get<PendingVisit>(t, 'outbox', id)
    if (!v) return
    if (v.person_id !== who || v.state !== 'refused') throw new Error(`visit ${id} is not a refused visit of yours`)
    await del(t, 'outbox', id)
  })
  await changed()
}

/** Drops sent visits from before today. */
export async function pruneSent(now = new Date()): Promise<number> {
  const cutoff = startOfToday(now)
  const dropped = await tx('outbox', 'readwrite', async (t) => {
    const rows = await all<PendingVisit>(t, 'outbox')
    const old = rows.filter((v) => v.state === 'sent' && Date.parse(v.sent_at ?? v.captured_at) < cutoff)
    await Promise.all(old.map((v) => del(t, 'outbox', v.client_visit_id)))
    return old.length
  })
  if (dropped) await changed()
  return dropped
}

// ---------------------------------------------------------------- sending

function offlineNow(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false
}

function backoff(attempts: number): number {
  const base = Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_MS)
  return Math.round(base * (0.75 + Math.random() * 0.5)) // spread phones that return together
}

let timer: ReturnType<typeof setTimeout> | null = null
let roundFailures = 0

function retryIn(ms: number): void {
  if (timer) clearTimeout(timer)
  timer = setTimeout(() => {
    timer = null
    void flush()
  }, Math.max(ms, 250))
}

function hasWebLocks(): boolean {
  // absent in old browsers and outside secure contexts (plain http on a LAN address)
  return typeof navigator !== 'undefined' && typeof navigator.locks?.request === 'function'
}

/** Only one tab sends at a time: a Web Lock (released by the browser when the tab dies),
 *  or, without Web Locks, a lease in IndexedDB that runs out if its tab dies. */
async function withSendLock(work: () => Promise<void>): Promise<void> {
  const locks = hasWebLocks() ? navigator.locks : undefined
  if (locks) {
    await locks.request(LOCK_NAME, () => work())
    return
  }
  const wait = await takeLease()
  if (wait > 0) {
    retryIn(wait) // another tab holds it; look again when its lease runs out
    return
  }
  try {
    await work()
  } finally {
    await tx('meta', 'readwrite', async (t) => {
      const row = await get<MetaRow>(t, 'meta', LEASE_ID)
      if (row?.owner === tabId) await del(t, 'meta', LEASE_ID)
    }).catch(() => undefined)
  }
}

/** Takes or renews the lease; → 0 when held, else ms until the other tab's runs out. */
async function takeLease(): Promise<number> {
  return tx('meta', 'readwrite', async (t) => {
    const row = await get<MetaRow>(t, 'meta', LEASE_ID)
    const now = Date.now()
    if (row && row.owner !== tabId && Number(row.until) > now) return Number(row.until) - now
    await put(t, 'meta', { id: LEASE_ID, owner: tabId, until: now + LEASE_MS })
    return 0
  })
}

async function renewLease(): Promise<void> {
  if (!hasWebLocks()) await takeLease()
}

type Step = 'next' | 'stop'

/** Posts one visit and records what became of it. */
async function sendOne(queued: PendingVisit, who: string): Promise<Step> {
  // the row as it is now, not as the round found it: it may have been corrected since
  const v = await update(queued.client_visit_id, (r) =>
    r.state === 'pending' && r.person_id === who ? { ...r, state: 'sending', attempts: r.attempts + 1 } : null)
  if (!v) return 'next'
  const abort = new AbortController()
  const timeout = setTimeout(() => abort.abort(), SEND_TIMEOUT_MS)
  let status: number
  let error: unknown
  try {
    const answer = await visits.POST('/visits', { body: v.payload as unknown as VisitBody, signal: abort.signal })
    status = answer.response.status
    error = answer.error
  } catch (exc) {
    // no answer (offline, reset, timeout) or an answer cut off: it may have been recorded,
    // so it stays pending and goes again with the same visit id
    await stayPending(v, exc instanceof NetworkError ? 'network' : `network: ${String(exc)}`)
    return 'stop'
  } finally {
    clearTimeout(timeout)
  }
  const switched = person.value?.id !== who // a refresh in the client brought another account
  if (status === 200 || status === 201) {
    roundFailures = 0
    await update(v.client_visit_id, (r) => ({ ...r, state: 'sent', sent_at: new Date().toISOString(), refusal: undefined, next_try_at: undefined, last_problem: undefined }))
    return 'next'
  }
  if (status === 401 || (switched && status === 403)) {
    // the session is over: nothing is refused for it, the visit waits for the next sign-in
    sessionExpired.value = !switched
    await stayPending(v, 'session', false)
    return 'stop'
  }
  if (status === 408 || status === 425 || status === 429) {
    await stayPending(v, `HTTP ${status}`)
    return 'stop'
  }
  if (status >= 400 && status < 500) {
    const refusal = apiError(status, error)
    await update(v.client_visit_id, (r) => ({
      ...r,
      state: 'refused',
      refusal: { status, message: refusal.message, fields: refusal.fields },
      next_try_at: undefined,
      last_problem: undefined,
    }))
    return 'next'
  }
  // 5xx: the service failed; try the others, this one again after a while. A gateway
  // that cannot reach the service (502-504) will fail them all: stop the round.
  await stayPending(v, `HTTP ${status}`)
  return status >= 502 && status <= 504 ? 'stop' : 'next'
}

async function stayPending(v: PendingVisit, problem: string, later = true): Promise<void> {
  await update(v.client_visit_id, (r) => ({
    ...r,
    state: 'pending',
    last_problem: problem,
    next_try_at: later ? new Date(Date.now() + backoff(r.attempts)).toISOString() : undefined,
  }))
}

/** One pass over the signed-in person's pending visits, oldest first. */
async function sendRound(force: boolean): Promise<void> {
  // we hold the lock: a visit still marked 'sending' lost its tab mid-flight; it is pending
  const rows = await tx('outbox', 'readwrite', async (t) => {
    const every = await all<PendingVisit>(t, 'outbox')
    for (const v of every) if (v.state === 'sending') await put(t, 'outbox', { ...v, state: 'pending' })
    return every.map((v) => (v.state === 'sending' ? { ...v, state: 'pending' as const } : v))
  })
  if (rows.some((v) => v.state === 'pending')) await changed()

  const who = person.value?.id
  if (!who || offlineNow()) return // wait for a sign-in or the 'online' event
  const queue = rows.filter((v) => v.person_id === who && v.state === 'pending').sort(byCapture)
  for (const v of queue) {
    if (!force && v.next_try_at && Date.parse(v.next_try_at) > Date.now()) continue
    if (person.value?.id !== who) return // signed out or switched while sending
    if (!accessToken()) {
      let live: boolean
      try {
        live = await refreshSession()
      } catch (exc) {
        if (!(exc instanceof NetworkError)) throw exc
        roundFailures += 1
        retryIn(backoff(roundFailures))
        return
      }
      if (!live) {
        sessionExpired.value = true
        return
      }
      if (person.value?.id !== who) return
    }
    sessionExpired.value = false
    await renewLease()
    if ((await sendOne(v, who)) === 'stop') break
  }
  await scheduleNext(who)
}

/** A timer for the earliest visit waiting out its back-off. */
async function scheduleNext(who: string): Promise<void> {
  const rows = await tx('outbox', 'readonly', (t) => all<PendingVisit>(t, 'outbox'))
  const times = rows
    .filter((v) => v.person_id === who && v.state === 'pending' && v.next_try_at)
    .map((v) => Date.parse(v.next_try_at!))
  if (times.length) retryIn(Math.min(...times) - Date.now())
}

/** Stops the timers of this module (tests end a "page" with it). */
export function stopSending(): void {
  if (timer) clearTimeout(timer)
  timer = null
  channel?.close()
  channel = null
}

let running: Promise<void> | null = null
let again = false
let forceAgain = false

/** Sends what waits, now. `now`: ignore back-off (the network came back, the person
 *  asked). Resolves when this tab has nothing more to send for now. */
export function flush(options: { now?: boolean } = {}): Promise<void> {
  if (options.now) forceAgain = true
  if (running) {
    again = true
    return running
  }
  running = (async () => {
    busy.value = true
    try {
      do {
        again = false
        const force = forceAgain
        forceAgain = false
        try {
          await withSendLock(() => sendRound(force))
        } catch (exc) {
          console.warn('wangge: sending the outbox failed', exc)
          roundFailures += 1
          retryIn(backoff(roundFailures))
        }
      } while (again)
    } finally {
      busy.value = false
      running = null
    }
  })()
  return running
}

// ---------------------------------------------------------------- screens

export function useOutbox() {
  void ensureLoaded()
  const counts = computed(() => {
    const c: Record<VisitState, number> = { pending: 0, sending: 0, sent: 0, refused: 0 }
    for (const v of items.value) c[v.state] += 1
    return c
  })
  return {
    /** the signed-in person's visits on this device, newest first */
    items,
    counts,
    /** pending + sending */
    waiting: computed(() => counts.value.pending + counts.value.sending),
    /** visits of other accounts waiting on this device for their author to sign in */
    othersWaiting,
    sessionExpired,
    busy,
    /** the visit with this client visit id, if this device holds it */
    visit: (id: string) => computed(() => items.value.find((v) => v.client_visit_id === id) ?? null),
    /** the visits of one household, newest first */
    forHousehold: (code: string) => computed(() => items.value.filter((v) => v.household_code === code)),
    retry: () => flush({ now: true }),
    resend: resendVisit,
    discard: discardVisit,
  }
}

let started = false

/** Sends at start, when the network comes back, when the app is looked at again, and
 *  when a person signs in; prunes yesterday's sent visits. */
export function startOutbox(): void {
  if (started) return
  started = true
  void pruneSent().catch(() => undefined).then(() => refreshList()).then(() => flush({ now: true }))
  window.addEventListener('online', () => void flush({ now: true }))
  document.addEventListener('visibilitychange', () => {
    // a phone left open overnight: yesterday's sent visits go when it is looked at again
    if (document.visibilityState === 'visible') void pruneSent().catch(() => undefined).then(() => flush())
  })
  watch(() => person.value?.id, () => {
    sessionExpired.value = false
    void refreshList().then(() => flush({ now: true }))
  })
  watch(online, (live) => {
    if (live) void flush({ now: true })
  })
}
