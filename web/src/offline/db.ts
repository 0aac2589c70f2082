// The device's IndexedDB: a small promise wrapper over the two stores the field app keeps.
//   reads  — what the services last answered, per signed-in person (cache.ts)
//   outbox — visits captured here, until the visits service took or refused them (outbox.ts)
//   meta   — the outbox's sending lease where the browser has no Web Locks
// Hand-written rather than a library: four operations, and every byte counts on slow 3G.
import type { PendingVisit } from './types'

export const DB_NAME = 'wangge'
const VERSION = 1

/** One kept read: `id` is person id + key, so one person's reads are never another's. */
export interface ReadRow {
  id: string
  person_id: string
  key: string
  data: unknown
  fetched_at: string
}

export interface MetaRow {
  id: string
  [k: string]: unknown
}

type StoreName = 'reads' | 'outbox' | 'meta'

let opening: Promise<IDBDatabase> | null = null

function upgrade(db: IDBDatabase): void {
  if (!db.objectStoreNames.contains('reads')) {
    const reads = db.createObjectStore('reads', { keyPath: 'id' })
    reads.createIndex('person_id', 'person_id')
  }
  if (!db.objectStoreNames.contains('outbox')) {
    const outbox = db.createObjectStore('outbox', { keyPath: 'client_visit_id' })
    outbox.createIndex('person_id', 'person_id')
    outbox.createIndex('state', 'state')
  }
  if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'id' })
}

export function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION)
    request.onupgradeneeded = () => upgrade(request.result)
    request.onsuccess = () => {
      const db = request.result
      // another tab upgrading the schema: let it, and open again on the next call
      db.onversionchange = () => {
        db.close()
        opening = null
      }
      resolve(db)
    }
    request.onerror = () => {
      opening = null
      reject(request.error)
    }
    request.onblocked = () => console.warn('wangge: IndexedDB upgrade waits for another tab to close')
  })
  return opening
}

/** Closes the connection (tests open the same database again as a reloaded page would). */
export async function closeDb(): Promise<void> {
  const db = await opening
  opening = null
  db?.close()
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

/** Runs `work` in one transaction and resolves once the transaction is COMMITTED (not
 *  merely when its requests succeeded): a visit is durable before anything is sent. */
export async function tx<T>(
  stores: StoreName | StoreName[],
  mode: IDBTransactionMode,
  work: (t: IDBTransaction) => Promise<T> | T,
): Promise<T> {
  const db = await openDb()
  const t = db.transaction(stores, mode)
  const committed = new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve()
    t.onerror = () => reject(t.error)
    t.onabort = () => reject(t.error ?? new DOMException('transaction aborted', 'AbortError'))
  })
  let result: T
  try {
    result = await work(t)
  } catch (exc) {
    try {
      t.abort()
    } catch {
      // already finished
    }
    await committed.catch(() => undefined)
    throw exc
  }
  await committed
  return result
}

export function get<T>(t: IDBTransaction, store: StoreName, key: IDBValidKey): Promise<T | undefined> {
  return done(t.objectStore(store).get(key)) as Promise<T | undefined>
}

export function put(t: IDBTransaction, store: StoreName, value: unknown): Promise<IDBValidKey> {
  return done(t.objectStore(store).put(value))
}

export function del(t: IDBTransaction, store: StoreName, key: IDBValidKey): Promise<undefined> {
  return done(t.objectStore(store).delete(key))
}

export function byIndex<T>(t: IDBTransaction, store: StoreName, index: string, value: IDBValidKey): Promise<T[]> {
  return done(t.objectStore(store).index(index).getAll(value)) as Promise<T[]>
}

export function all<T>(t: IDBTransaction, store: StoreName): Promise<T[]> {
  return done(t.objectStore(store).getAll()) as Promise<T[]>
}

export type { PendingVisit }
