import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { FakeServices, closePage, loadPage, newDevice, type Page } from './test-support'

let server: FakeServices
let pages: Page[] = []

async function signedIn(login = 'alice'): Promise<Page> {
  const p = await loadPage()
  pages.push(p)
  await p.session.signIn(login, 'secret')
  return p
}

/** A loader as a screen writes one: through the api client. */
function shiftsLoader(c: typeof import('@/api/client')) {
  return () => c.must(c.dispatch.GET('/volunteers/{volunteer_id}/shifts', { params: { path: { volunteer_id: 'vol-a' } } }))
}

beforeEach(() => {
  newDevice()
  server = new FakeServices().install()
  server.reads.set('/dispatch/volunteers/vol-a/shifts', [{ shift_key: 's1', place: 'Building 3' }])
})

afterEach(async () => {
  for (const p of pages) await closePage(p)
  pages = []
})

describe('cached reads', () => {
  it('answers the network first, then the device copy when nothing answers', async () => {
    const p = await signedIn()
    const client = await import('@/api/client')
    const load = shiftsLoader(client)
    const fresh = await p.cache.cached('shifts', load)
    expect(fresh).toMatchObject({ data: [{ shift_key: 's1' }], from_device: false })

    server.reads.set('/dispatch/volunteers/vol-a/shifts', [{ shift_key: 's2' }])
    expect((await p.cache.cached('shifts', load)).data).toEqual([{ shift_key: 's2' }])

    server.down = true
    const kept = await p.cache.cached('shifts', load)
    expect(kept).toEqual({ data: [{ shift_key: 's2' }], fetched_at: expect.any(String), from_device: true })

    // nothing kept for this key: the network's error is passed on
    await expect(p.cache.cached('tasks', load)).rejects.toThrow()
  })

  it('survives a reload offline, and never answers a refusal with an old copy', async () => {
    const first = await signedIn()
    await first.cache.cached('shifts', shiftsLoader(await import('@/api/client')))
    await closePage(first)

    server.down = true
    const second = await loadPage()
    pages.push(second)
    await second.session.restoreSession() // offline: the last person, no token
    const copy = await second.cache.cached('shifts', shiftsLoader(await import('@/api/client')))
    expect(copy.from_device).toBe(true)
    expect(copy.data).toEqual([{ shift_key: 's1', place: 'Building 3' }])

    server.down = false
    server.reads.delete('/dispatch/volunteers/vol-a/shifts') // now 404
    await expect(second.cache.cached('shifts', shiftsLoader(await import('@/api/client')))).rejects.toMatchObject({ status: 404 })
  })

  it('shows the device copy when the network hangs, and keeps the late answer', async () => {
    const p = await signedIn()
    await p.cache.cached('tasks', async () => ['old'])
    let answer!: (v: string[]) => void
    const hanging = new Promise<string[]>((resolve) => {
      answer = resolve
    })
    const shown = await p.cache.cached('tasks', () => hanging, { slowMs: 30 })
    expect(shown).toMatchObject({ data: ['old'], from_device: true })
    answer(['new'])
    await hanging
    for (let i = 0; i < 50 && (await p.cache.deviceCopy<string[]>('tasks'))?.data?.[0] !== 'new'; i++) await new Promise((r) => setTimeout(r, 5))
    expect((await p.cache.deviceCopy('tasks'))?.data).toEqual(['new'])

    // nothing kept: a slow answer is waited for
    const slowOnly = await p.cache.cached('other', () => new Promise((r) => setTimeout(() => r(['late']), 60)), { slowMs: 10 })
    expect(slowOnly).toMatchObject({ data: ['late'], from_device: false })
  })

  it('keeps reads per person and drops them at sign-out, never the outbox', async () => {
    const a = await signedIn('alice')
    await a.cache.cached('shifts', async () => ['alice data'])
    server.down = true
    await a.outbox.queueVisit({ visit_id: 'v-1', campaign_id: 'c', household_code: 'H', visitor_id: 'vol-a', outcome: 'not_home', visited_at: new Date().toISOString() })
    server.down = false

    // another person on this device sees none of it
    await a.session.signIn('bob', 'secret')
    server.down = true
    await expect(a.cache.cached('shifts', async () => { throw new TypeError('Failed to fetch') })).rejects.toThrow()
    server.down = false
    await a.session.signIn('alice', 'secret')
    expect((await a.cache.deviceCopy('shifts'))?.data).toEqual(['alice data'])

    await a.cache.clearReads('acc-alice')
    expect(await a.cache.deviceCopy('shifts')).toBeNull()
    const outbox = await a.db.tx('outbox', 'readonly', (t) => a.db.all(t, 'outbox'))
    expect(outbox).toHaveLength(1)
  })

  it('useCached: loading, the data and its age, from_device, reload', async () => {
    const p = await signedIn()
    const scope = effectScope()
    let answers = 0
    const state = scope.run(() => p.cache.useCached('count', async () => {
      if (server.down) throw new TypeError('Failed to fetch')
      return ++answers
    }))!
    expect(state.loading.value).toBe(true)
    await vi_waitFor(() => !state.loading.value)
    expect(state.data.value).toBe(1)
    expect(state.fromDevice.value).toBe(false)
    expect(state.fetchedAt.value).toBeTruthy()

    server.down = true
    await state.reload()
    expect(state.data.value).toBe(1)
    expect(state.fromDevice.value).toBe(true)
    expect(state.error.value).toBeNull()

    // back online: the 'online' event loads again
    server.down = false
    window.dispatchEvent(new Event('online'))
    await vi_waitFor(() => state.data.value === 2)
    expect(state.fromDevice.value).toBe(false)
    scope.stop()
  })
})

async function vi_waitFor(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) {
    await nextTick()
    await new Promise((r) => setTimeout(r, 5))
  }
  expect(ok()).toBe(true)
}
