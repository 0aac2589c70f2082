// A request card against a fake visits (fetch stubbed): its handler accepts and resolves
// with a note; the person who raised it only follows its progress.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { i18n } from '@/i18n'
import RequestCard from './RequestCard.vue'
import type { ResidentRequest } from './types'

afterEach(() => vi.unstubAllGlobals())

const NOW = Date.parse('2026-12-08T04:00:00Z')
const request: ResidentRequest = {
  request_id: 'R1', grid_code: 'G01', household_code: 'H1', category: 'elderly_care', urgency: 'normal', note: '需要助餐',
  status: 'assigned', assignee: null, assigned_to: '4401:civil', raised_at: '2026-12-07T04:00:00Z', due_at: '2026-12-08T02:00:00Z',
  overdue: true, escalation_level: 0, version: 2, accepted_at: null, accepted_by: null,
}
const history = [
  { at: '2026-12-07T04:00:00Z', action: 'raised', status: 'open', assigned_to: null, actor: 'acc-raiser', note: null },
  { at: '2026-12-07T05:00:00Z', action: 'assigned', status: 'assigned', assigned_to: '4401:civil', actor: null, note: '请跟进' },
]

function visitsAnswers() {
  const sent: { method: string; path: string; body: unknown }[] = []
  let current: ResidentRequest = { ...request, history }
  vi.stubGlobal('fetch', vi.fn(async (r: Request) => {
    const path = new URL(r.url).pathname
    const body = r.method === 'POST' ? await r.clone().json() : undefined
    sent.push({ method: r.method, path, body })
    if (path.endsWith('/accept')) current = { ...current, accepted_at: '2026-12-08T04:00:00Z', history: [...history, { at: '2026-12-08T04:00:00Z', action: 'accepted', status: 'assigned', assigned_to: '4401:civil', actor: 'acc-me', note: null }] }
    if (path.endsWith('/resolve')) current = { ...current, status: 'resolved' }
    return new Response(JSON.stringify(current), { status: 200, headers: { 'Content-Type': 'application/json' } })
  }))
  return sent
}

function card(handler: boolean) {
  return mount(RequestCard, { props: { request, now: NOW, handler, me: 'acc-me' }, global: { plugins: [i18n] } })
}

describe('a request card', () => {
  it('shows how late it is and, opened, who took each step', async () => {
    visitsAnswers()
    const wrapper = card(false)
    expect(wrapper.text()).toContain('已超时 2小时')
    await wrapper.get('.summary').trigger('click')
    await flushPromises()
    const steps = wrapper.findAll('[data-test=request-history] li')
    expect(steps.map((s) => s.attributes('data-action'))).toEqual(['raised', 'assigned'])
    expect(steps[1].text()).toContain('系统')
    expect(steps[1].text()).toContain('请跟进')
    expect(wrapper.find('[data-test=request-accept]').exists()).toBe(false)
    expect(wrapper.find('[data-test=request-resolve]').exists()).toBe(false)
  })

  it('lets its handler accept it, then resolve it with a note', async () => {
    const sent = visitsAnswers()
    const wrapper = card(true)
    await wrapper.get('.summary').trigger('click')
    await flushPromises()
    await wrapper.get('[data-test=request-accept]').trigger('click')
    await flushPromises()
    expect(sent.at(-2)).toMatchObject({ method: 'POST', path: '/visits/requests/R1/accept' })
    expect(wrapper.emitted('changed')?.[0]?.[0]).toMatchObject({ accepted_at: '2026-12-08T04:00:00Z' })
    expect(wrapper.findAll('[data-test=request-history] li').at(-1)?.text()).toContain('我')
    await wrapper.get('[data-test=request-note]').setValue('  已送餐到户  ')
    await wrapper.get('[data-test=request-resolve]').trigger('click')
    await flushPromises()
    expect(sent.find((s) => s.path.endsWith('/resolve'))).toEqual({ method: 'POST', path: '/visits/requests/R1/resolve', body: { note: '已送餐到户' } })
    expect(wrapper.emitted('changed')?.[1]?.[0]).toMatchObject({ status: 'resolved' })
  })
})
