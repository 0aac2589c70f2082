// Reads the field app must still show without a network (the shift, the task list, the
// questionnaire): network first, and the device's copy when nothing answers. Copies are
// kept per signed-in person and dropped when that person signs out; the outbox never is.
import { getCurrentScope, onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { ApiError, NetworkError } from '@/api/errors'
import { person } from '@/auth/session'
import { all, byIndex, del, get, put, tx, type ReadRow } from './db'
import type { Cached } from './types'

function rowId(personId: string, key: string): string {
  return `${personId}\u0000${key}`
}

/** Nothing answered, or the gateway answered for a service that is down: the device's
 *  copy is better than an error page. A refusal (4xx) is an answer and is passed on. */
export function unreachable(exc: unknown): boolean {
  if (exc instanceof NetworkError) return true
  if (exc instanceof ApiError) return exc.status === 502 || exc.status === 503 || exc.status === 504
  // fetch's own failure when a loader calls fetch directly
  return exc instanceof TypeError && /fetch|network/i.test(exc.message)
}

function offlineNow(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false
}

/** The device's copy of `key` for the signed-in person, if it has one. */
export async function deviceCopy<T>(key: string): Promise<Cached<T> | null> {
  const who = person.value?.id
  if (!who) return null
  try {
    const row = await tx('reads', 'readonly', (t) => get<ReadRow>(t, 'reads', rowId(who, key)))
    return row ? { data: row.data as T, fetched_at: row.fetched_at, from_device: true } : null
  } catch (exc) {
    console.warn('wangge: could not read the device copy', exc)
    return null
  }
}

/** Every device copy of the signed-in person whose key starts with `prefix` (e.g. the
 *  questionnaires kept, to name a refused answer's question). */
export async function deviceCopies<T>(prefix: string): Promise<{ key: string; data: T; fetched_at: string }[]> {
  const who = person.value?.id
  if (!who) return []
  try {
    const rows = await tx('reads', 'readonly', (t) => byIndex<ReadRow>(t, 'reads', 'person_id', who))
    return rows.filter((r) => r.key.startsWith(prefix)).map((r) => ({ key: r.key, data: r.data as T, fetched_at: r.fetched_at }))
  } catch {
    return []
  }
}

async function keep(personId: string, key: string, data: unknown, fetchedAt: string): Promise<void> {
  try {
    // JSON round trip: IndexedDB clones structurally and refuses Vue proxies or functions
    const row: ReadRow = { id: rowId(personId, key), person_id: personId, key, data: JSON.parse(JSON.stringify(data ?? null)), fetched_at: fetchedAt }
    await tx('reads', 'readwrite', (t) => put(t, 'reads', row))
  } catch (exc) {
    // a full or unavailable disk must not break the online app
    console.warn('wangge: could not keep a read on the device', exc)
  }
}

/** A read that has not answered in this time while the device holds a copy shows the
 *  copy (a weak signal in a stairwell can hang a request for a minute); the answer, when
 *  it comes, is still kept for the next look. */
export const SLOW_READ_MS = 8000

/** Network first: the loader's answer (kept on the device for the signed-in person), or,
 *  when nothing answers (or too slowly, and a copy is here), the device's copy
 *  (from_device). Without a copy, the loader's error. A refusal (403, 404, …) is never
 *  hidden behind an old copy. */
export async function cached<T>(key: string, loader: () => Promise<T>, options: { slowMs?: number } = {}): Promise<Cached<T>> {
  const who = person.value?.id ?? null
  if (offlineNow() && who) {
    const copy = await deviceCopy<T>(key)
    if (copy) return copy
  }
  const fresh = (async (): Promise<Cached<T>> => {
    const data = await loader()
    const fetchedAt = new Date().toISOString()
    // the person may have signed out while the loader ran: keep nothing for them then
    if (who && person.value?.id === who) await keep(who, key, data, fetchedAt)
    return { data, fetched_at: fetchedAt, from_device: false }
  })()
  let timer: ReturnType<typeof setTimeout> | undefined
  const slow = who
    ? new Promise<'slow'>((resolve) => {
        timer = setTimeout(() => resolve('slow'), options.slowMs ?? SLOW_READ_MS)
      })
    : null
  try {
    const first = slow ? await Promise.race([fresh, slow]) : await fresh
    if (first !== 'slow') return first
    const copy = await deviceCopy<T>(key)
    if (copy) {
      fresh.catch(() => undefined) // it may still fail; the copy is already shown
      return copy
    }
    return await fresh
  } catch (exc) {
    if (who && unreachable(exc)) {
      const copy = await deviceCopy<T>(key)
      if (copy) return copy
    }
    throw exc
  } finally {
    clearTimeout(timer)
  }
}

/** Drops every read kept for one person (at sign-out). The outbox stays. */
export async function clearReads(personId: string): Promise<void> {
  await tx('reads', 'readwrite', async (t) => {
    const rows = await byIndex<ReadRow>(t, 'reads', 'person_id', personId)
    await Promise.all(rows.map((r) => del(t, 'reads', r.id)))
  })
}

/** Drops the reads of everyone but `personId` (another person signed in on this device). */
export async function clearReadsExcept(personId: string | null): Promise<void> {
  await tx('reads', 'readwrite', async (t) => {
    const rows = await all<ReadRow>(t, 'reads')
    await Promise.all(rows.filter((r) => r.person_id !== personId).map((r) => del(t, 'reads', r.id)))
  })
}

export interface UseCached<T> {
  data: Ref<T | null>
  fetchedAt: Ref<string | null>
  fromDevice: Ref<boolean>
  loading: Ref<boolean>
  error: Ref<unknown>
  reload: () => Promise<void>
}

/** `cached` for a screen: reactive state, loads at once and again when the key changes,
 *  and once more when the network comes back while it shows the device's copy. */
export function useCached<T>(key: MaybeRefOrGetter<string | null>, loader: () => Promise<T>): UseCached<T> {
  const data = shallowRef<T | null>(null)
  const fetchedAt = ref<string | null>(null)
  const fromDevice = ref(false)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  let generation = 0

  async function reload(): Promise<void> {
    const k = toValue(key)
    const mine = ++generation
    if (!k) {
      loading.value = false
      return
    }
    loading.value = true
    error.value = null
    try {
      const answer = await cached(k, loader)
      if (mine !== generation) return // a newer load (another key) won
      data.value = answer.data
      fetchedAt.value = answer.fetched_at
      fromDevice.value = answer.from_device
    } catch (exc) {
      if (mine !== generation) return
      error.value = exc
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(() => toValue(key), () => void reload(), { immediate: true })

  const back = (): void => {
    if (fromDevice.value || error.value) void reload()
  }
  // only inside a component (or effect scope), which removes it again when it goes
  if (typeof window !== 'undefined' && getCurrentScope()) {
    window.addEventListener('online', back)
    onScopeDispose(() => window.removeEventListener('online', back))
  }

  return { data, fetchedAt, fromDevice, loading, error, reload }
}
