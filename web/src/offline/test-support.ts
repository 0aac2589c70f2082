// For the offline store's tests (vitest, jsdom): IndexedDB is fake-indexeddb, the network
// is a stubbed fetch playing accounts and the visits service (it records each visit id
// once and answers 200 to a repeat, as the service does). Nothing of the app is mocked:
// each "page" is a fresh import of the real modules reading the same database.
import { IDBFactory } from 'fake-indexeddb'
import { vi } from 'vitest'
import type { Person } from '@/auth/grants'

export const alice: Person = { id: 'acc-alice', display_name: 'Alice', kind: 'person', grants: [{ role: 'volunteer', unit: 'u1', volunteer: 'vol-a' }] }
export const bob: Person = { id: 'acc-bob', display_name: 'Bob', kind: 'person', grants: [{ role: 'volunteer', unit: 'u1', volunteer: 'vol-b' }] }

/** What the fake visits service does with the next POST. */
export type Answer =
  | { status: number; body?: unknown }
  | 'record' // record once; a repeat of the same visit_id answers 200
  | 'network' // nothing answers
  | 'record-then-network' // recorded, but the answer is lost on the way

export class FakeServices {
  /** visit_id → how many times it was recorded (must stay 1) */
  recorded = new Map<string, number>()
  posts: { visit_id: string; token: string | null }[] = []
  answers: Answer[] = []
  fallback: Answer = 'record'
  refresh: 'ok' | 'expired' | 'network' = 'ok'
  who: Person | null = null
  down = false
  reads = new Map<string, unknown>()

  readonly fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), location.origin), init)
    const url = new URL(request.url)
    if (this.down) throw new TypeError('Failed to fetch')
    if (url.pathname === '/accounts/sessions' || url.pathname === '/accounts/sessions/refresh') {
      if (url.pathname.endsWith('refresh')) {
        if (this.refresh === 'network') throw new TypeError('Failed to fetch')
        if (this.refresh === 'expired' || !this.who) return json(401, { error: 'session expired' })
      } else {
        const { login } = (await request.json()) as { login: string }
        this.who = login === 'bob' ? bob : alice
      }
      return json(200, { access_token: `token-${this.who.id}`, expires_in: 900, person: this.who })
    }
    if (url.pathname === '/visits/visits' && request.method === 'POST') {
      const body = (await request.json()) as { visit_id: string }
      this.posts.push({ visit_id: body.visit_id, token: request.headers.get('Authorization') })
      const answer = this.answers.shift() ?? this.fallback
      if (answer === 'network') throw new TypeError('Failed to fetch')
      if (answer === 'record' || answer === 'record-then-network') {
        const seen = this.recorded.get(body.visit_id) ?? 0
        if (!seen) this.recorded.set(body.visit_id, 1)
        if (answer === 'record-then-network') throw new TypeError('network changed')
        return json(seen ? 200 : 201, { ...body, recorded_by: this.who?.id ?? null })
      }
      return json(answer.status, answer.body ?? {})
    }
    if (this.reads.has(url.pathname)) return json(200, this.reads.get(url.pathname))
    return json(404, { error: `no ${url.pathname}` })
  })

  install(): this {
    vi.stubGlobal('fetch', this.fetch)
    return this
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** A new, empty device (IndexedDB and localStorage). */
export function newDevice(): void {
  vi.stubGlobal('indexedDB', new IDBFactory())
  localStorage.clear()
}

/** Loads the app's modules afresh, as a reload of the page does (same device). */
export async function loadPage() {
  vi.resetModules()
  const session = await import('@/auth/session')
  const outbox = await import('./outbox')
  const cache = await import('./cache')
  const db = await import('./db')
  return { session, outbox, cache, db }
}

export type Page = Awaited<ReturnType<typeof loadPage>>

/** Ends a page: its timers stop and its database connection closes. */
export async function closePage(page: Page): Promise<void> {
  page.outbox.stopSending()
  await page.db.closeDb()
}

let n = 0
export function visit(overrides: Record<string, unknown> = {}) {
  n += 1
  return {
    visit_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    campaign_id: 'camp-1',
    household_code: `H-${n}`,
    visitor_id: 'vol-a',
    outcome: 'reached' as const,
    method: 'in_person' as const,
    visited_at: new Date().toISOString(),
    answers: {},
    ...overrides,
  }
}
