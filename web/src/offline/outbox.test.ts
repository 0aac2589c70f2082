import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeServices, closePage, loadPage, newDevice, visit, type Page } from './test-support'
import type { PendingVisit } from './types'

let server: FakeServices
let pages: Page[] = []

async function page(): Promise<Page> {
  const p = await loadPage()
  pages.push(p)
  return p
}

async function signedIn(login = 'alice'): Promise<Page> {
  const p = await page()
  await p.session.signIn(login, 'secret')
  return p
}

async function stored(p: Page): Promise<Record<string, PendingVisit>> {
  const rows = await p.db.tx('outbox', 'readonly', (t) => p.db.all<PendingVisit>(t, 'outbox'))
  return Object.fromEntries(rows.map((v) => [v.client_visit_id, v]))
}

beforeEach(() => {
  newDevice()
  server = new FakeServices().install()
})

afterEach(async () => {
  for (const p of pages) await closePage(p)
  pages = []
})

describe('outbox', () => {
  it('keeps a visit before sending it, then marks it sent', async () => {
    const p = await signedIn()
    server.down = true // nothing answers: the visit must still be on the device
    const v = visit()
    const queued = await p.outbox.queueVisit(v)
    expect(queued).toMatchObject({ client_visit_id: v.visit_id, person_id: 'acc-alice', state: 'pending', household_code: v.household_code })
    await p.outbox.flush()
    expect((await stored(p))[v.visit_id].state).toBe('pending')

    server.down = false
    await p.outbox.flush({ now: true })
    const row = (await stored(p))[v.visit_id]
    expect(row.state).toBe('sent')
    expect(row.sent_at).toBeTruthy()
    expect(server.recorded.get(v.visit_id)).toBe(1)
    expect(server.posts.at(-1)?.token).toBe('Bearer token-acc-alice')

    const ui = p.outbox.useOutbox()
    await p.outbox.refreshList()
    expect(ui.counts.value).toEqual({ pending: 0, sending: 0, sent: 1, refused: 0 })
    expect(ui.visit(v.visit_id).value?.state).toBe('sent')
  })

  it('refuses a visit with the service reasons per field, and resends it corrected with the same id', async () => {
    const p = await signedIn()
    server.answers = [{ status: 400, body: { error: 'invalid visit', errors: { answers: { q_fever: ['an answer is required'] } } } }]
    const v = visit()
    await p.outbox.queueVisit(v)
    await p.outbox.flush()
    const refused = (await stored(p))[v.visit_id]
    expect(refused.state).toBe('refused')
    expect(refused.refusal).toEqual({ status: 400, message: 'invalid visit', fields: { 'answers.q_fever': ['an answer is required'] } })
    expect(server.recorded.size).toBe(0)

    await p.outbox.resendVisit(v.visit_id, { ...v, visit_id: 'someone-else', answers: { q_fever: false } } as never)
    await p.outbox.flush()
    const sent = (await stored(p))[v.visit_id]
    expect(sent.state).toBe('sent')
    expect(sent.refusal).toBeUndefined()
    expect(sent.payload).toMatchObject({ visit_id: v.visit_id, answers: { q_fever: false } })
    expect(server.posts.map((x) => x.visit_id)).toEqual([v.visit_id, v.visit_id])
    expect(Object.keys(await stored(p))).toEqual([v.visit_id])
  })

  it('refuses on 403 and 409 but keeps waiting on 5xx, 429 and an expired session', async () => {
    const p = await signedIn()
    const forbidden = visit()
    const conflict = visit()
    const broken = visit()
    server.answers = [
      { status: 403, body: { error: 'not your task' } },
      { status: 409, body: { error: 'visit was already recorded with other content', errors: { visit_id: ['already recorded'] } } },
      { status: 500, body: { error: 'boom' } },
    ]
    for (const v of [forbidden, conflict, broken]) await p.outbox.queueVisit(v)
    await p.outbox.flush()
    let rows = await stored(p)
    expect(rows[forbidden.visit_id]).toMatchObject({ state: 'refused', refusal: { status: 403, message: 'not your task' } })
    expect(rows[conflict.visit_id]).toMatchObject({ state: 'refused', refusal: { status: 409, fields: { visit_id: ['already recorded'] } } })
    expect(rows[broken.visit_id]).toMatchObject({ state: 'pending', last_problem: 'HTTP 500' })
    expect(Date.parse(rows[broken.visit_id].next_try_at!)).toBeGreaterThan(Date.now())

    // back-off: not sent again before its time unless asked
    const before = server.posts.length
    await p.outbox.flush()
    expect(server.posts.length).toBe(before)

    server.answers = [{ status: 429 }]
    await p.outbox.flush({ now: true })
    expect((await stored(p))[broken.visit_id].state).toBe('pending')

    // the session ends: 401 even after a refresh keeps it pending, nothing refused
    server.refresh = 'expired'
    server.answers = [{ status: 401, body: { error: 'token expired' } }]
    await p.outbox.flush({ now: true })
    rows = await stored(p)
    expect(rows[broken.visit_id]).toMatchObject({ state: 'pending', last_problem: 'session' })
    expect(p.outbox.useOutbox().sessionExpired.value).toBe(true)
    expect(server.recorded.size).toBe(0)
  })

  it('a send cut off mid-flight stays pending and goes again with the same id, recorded once', async () => {
    const p = await signedIn()
    const v = visit()
    server.answers = ['record-then-network']
    await p.outbox.queueVisit(v)
    await p.outbox.flush()
    const row = (await stored(p))[v.visit_id]
    expect(row).toMatchObject({ state: 'pending', last_problem: 'network', attempts: 1 })
    expect(server.recorded.get(v.visit_id)).toBe(1)

    await p.outbox.flush({ now: true })
    expect((await stored(p))[v.visit_id]).toMatchObject({ state: 'sent', attempts: 2 })
    expect(server.posts.map((x) => x.visit_id)).toEqual([v.visit_id, v.visit_id])
    expect(server.recorded.get(v.visit_id)).toBe(1)
  })

  it('a tab closed mid-send leaves the visit pending for the next page, which sends it once', async () => {
    const first = await signedIn()
    const v = visit()
    server.down = true
    await first.outbox.queueVisit(v)
    await first.outbox.flush()
    // the page dies while the POST is in flight: the row says 'sending'
    await first.db.tx('outbox', 'readwrite', async (t) => {
      const row = await first.db.get<PendingVisit>(t, 'outbox', v.visit_id)
      await first.db.put(t, 'outbox', { ...row!, state: 'sending', next_try_at: undefined })
    })
    await closePage(first)
    // ... and its lease too (a real tab's Web Lock dies with it; the lease runs out)
    server.down = false
    const second = await page()
    await second.db.tx('meta', 'readwrite', (t) => second.db.del(t, 'meta', 'outbox-send-lease'))
    await second.outbox.flush()
    expect((await stored(second))[v.visit_id].state).toBe('sent')
    expect(server.recorded.get(v.visit_id)).toBe(1)
  })

  it('survives a reload offline: five visits captured, page reloaded, all sent once when back online', async () => {
    const first = await signedIn()
    server.down = true
    const five = [visit(), visit(), visit(), visit(), visit()]
    for (const v of five) await first.outbox.queueVisit(v)
    await first.outbox.flush()
    await closePage(first)

    // reload while offline: no token in memory, the last person is remembered
    const second = await page()
    await second.session.restoreSession()
    expect(second.session.person.value?.id).toBe('acc-alice')
    const ui = second.outbox.useOutbox()
    await second.outbox.refreshList()
    expect(ui.counts.value.pending).toBe(5)
    expect(ui.items.value.map((v) => v.client_visit_id).sort()).toEqual(five.map((v) => v.visit_id).sort())

    server.down = false
    await second.outbox.flush({ now: true })
    expect(ui.counts.value).toEqual({ pending: 0, sending: 0, sent: 5, refused: 0 })
    expect([...server.recorded.values()]).toEqual([1, 1, 1, 1, 1])
    expect(server.recorded.size).toBe(5)
  })

  it('sends only the signed-in person\'s visits; the others wait for their author', async () => {
    const a = await signedIn('alice')
    server.down = true
    const mine = visit()
    await a.outbox.queueVisit(mine)
    await a.outbox.flush()
    await a.session.signOut()
    await closePage(a)

    server.down = false
    const b = await signedIn('bob')
    const his = visit({ visitor_id: 'vol-b' })
    await b.outbox.queueVisit(his)
    await b.outbox.flush({ now: true })
    const ui = b.outbox.useOutbox()
    await b.outbox.refreshList()
    expect(ui.items.value.map((v) => v.client_visit_id)).toEqual([his.visit_id])
    expect(ui.othersWaiting.value).toBe(1)
    expect(server.posts.map((x) => x.visit_id)).toEqual([his.visit_id])
    expect((await stored(b))[mine.visit_id].state).toBe('pending')
    await expect(b.outbox.resendVisit(mine.visit_id, mine)).rejects.toThrow(/another account/)
    await closePage(b)

    const again = await signedIn('alice')
    await again.outbox.flush({ now: true })
    expect((await stored(again))[mine.visit_id].state).toBe('sent')
    expect(server.posts.find((x) => x.visit_id === mine.visit_id)?.token).toBe('Bearer token-acc-alice')
  })

  it('an expired session keeps pending visits, sent after the next sign-in', async () => {
    const first = await signedIn()
    server.down = true
    const v = visit()
    await first.outbox.queueVisit(v)
    await first.outbox.flush()
    await closePage(first)

    server.down = false
    server.refresh = 'expired'
    const second = await page()
    // the page has no token: the refresh cookie is dead too
    second.session.person.value = { ...second.session.person.value! }
    await second.outbox.flush({ now: true })
    expect(server.posts).toEqual([])
    expect(second.outbox.useOutbox().sessionExpired.value).toBe(true)
    expect((await stored(second))[v.visit_id].state).toBe('pending')

    server.refresh = 'ok'
    await second.session.signIn('alice', 'secret')
    await second.outbox.flush({ now: true })
    expect((await stored(second))[v.visit_id].state).toBe('sent')
  })

  it('two pages of one device never send the same visit at once', async () => {
    const one = await signedIn()
    const two = await signedIn()
    server.down = true
    const vs = [visit(), visit(), visit()]
    for (const v of vs) await one.outbox.queueVisit(v)
    await one.outbox.flush()
    server.down = false
    await Promise.all([one.outbox.flush({ now: true }), two.outbox.flush({ now: true })])
    // whichever page did not hold the lease sends after it: nothing is posted twice
    const lease = await two.db.tx('meta', 'readonly', (t) => two.db.get<{ until: number }>(t, 'meta', 'outbox-send-lease'))
    expect(lease).toBeUndefined()
    expect(server.posts.map((x) => x.visit_id).sort()).toEqual(vs.map((v) => v.visit_id).sort())
  })

  it('a visit queued again before it was sent goes with its last payload, once', async () => {
    const p = await signedIn()
    const v = visit()
    server.down = true
    await p.outbox.queueVisit(v)
    await p.outbox.flush()
    await p.outbox.queueVisit({ ...v, outcome: 'not_home', answers: {} })
    server.down = false
    const posted: unknown[] = []
    server.fetch.mockImplementationOnce(async (input: RequestInfo | URL) => {
      posted.push(await (input as Request).clone().json())
      throw new TypeError('Failed to fetch')
    })
    await p.outbox.flush({ now: true })
    await p.outbox.flush({ now: true })
    expect(posted).toMatchObject([{ visit_id: v.visit_id, outcome: 'not_home' }])
    expect((await stored(p))[v.visit_id]).toMatchObject({ state: 'sent', payload: { outcome: 'not_home' } })
    expect(server.recorded.get(v.visit_id)).toBe(1)
  })

  it('queuing an already sent visit again changes nothing', async () => {
    const p = await signedIn()
    const v = visit()
    await p.outbox.queueVisit(v)
    await p.outbox.flush()
    const again = await p.outbox.queueVisit({ ...v, outcome: 'not_home' })
    expect(again.state).toBe('sent')
    expect(again.payload).toMatchObject({ outcome: 'reached' })
  })

  it('prunes sent visits of earlier days, never pending ones', async () => {
    const p = await signedIn()
    const old = visit()
    const waiting = visit()
    await p.db.tx('outbox', 'readwrite', async (t) => {
      const base = { person_id: 'acc-alice', campaign_id: 'camp-1', payload: {}, captured_at: '2020-01-01T08:00:00Z', attempts: 1 }
      await p.db.put(t, 'outbox', { ...base, client_visit_id: old.visit_id, household_code: 'H-old', state: 'sent', sent_at: '2020-01-01T09:00:00Z' })
      await p.db.put(t, 'outbox', { ...base, client_visit_id: waiting.visit_id, household_code: 'H-wait', state: 'pending' })
    })
    expect(await p.outbox.pruneSent()).toBe(1)
    expect(Object.keys(await stored(p))).toEqual([waiting.visit_id])
  })

  it('makes version 4 UUIDs as visit ids, without crypto.randomUUID too', async () => {
    const p = await page()
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    expect(p.outbox.newVisitId()).toMatch(uuid)
    const original = crypto.randomUUID
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
      const ids = new Set(Array.from({ length: 50 }, () => p.outbox.newVisitId()))
      expect(ids.size).toBe(50)
      for (const id of ids) expect(id).toMatch(uuid)
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true })
    }
  })

  it('a visit needs its author and its id', async () => {
    const p = await page()
    await expect(p.outbox.queueVisit(visit())).rejects.toThrow(/signed in/)
    await p.session.signIn('alice', 'x')
    await expect(p.outbox.queueVisit({ ...visit(), visit_id: '' })).rejects.toThrow(/visit_id/)
  })
})
