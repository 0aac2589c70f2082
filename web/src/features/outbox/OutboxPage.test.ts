import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { FakeServices, closePage, loadPage, newDevice, visit, type Page } from '@/offline/test-support'
import { fieldLabel, refusalLines } from './refusal'

const t = (key: string, params?: Record<string, unknown>) => (params && Object.keys(params).length ? `${key} ${JSON.stringify(params)}` : key)
const te = (key: string) => key.startsWith('outbox.field.') || key.startsWith('capture.reason.')

describe('refusal lines', () => {
  it('names the part of the visit and the reason in the app\'s words', () => {
    expect(refusalLines({ status: 400, message: 'invalid visit', fields: { 'answers.q_fever': ['required'], people_found: ['must be at most 30'] } }, t, te)).toEqual([
      { field: 'answers.q_fever', label: 'outbox.field.answers · q_fever', text: 'capture.reason.required' },
      { field: 'people_found', label: 'outbox.field.people_found', text: 'capture.reason.above_max {"max":30}' },
    ])
    expect(fieldLabel('corrections.0.name', t, te)).toBe('outbox.field.corrections 1')
    expect(fieldLabel('answers.q_fever', t, te, (id) => (id === 'q_fever' ? '近期是否发热' : undefined))).toBe('近期是否发热')
  })

  it('falls back to the service\'s message when it names no field', () => {
    expect(refusalLines({ status: 403, message: 'household H-1 is not in your task', fields: {} }, t, te)).toEqual([
      { field: null, label: '', text: 'household H-1 is not in your task' },
    ])
    expect(refusalLines({ status: 403, message: 'HTTP 403', fields: {} }, t, te)[0].text).toBe('error.forbidden')
  })
})

describe('the outbox screen', () => {
  let server: FakeServices
  let page: Page

  beforeEach(async () => {
    newDevice()
    server = new FakeServices().install()
    page = await loadPage()
    await page.session.signIn('alice', 'secret')
  })
  afterEach(async () => closePage(page))

  it('lists refused, waiting and sent visits with their state and reasons; retry sends what waits', async () => {
    const refused = visit()
    const sent = visit()
    const waiting = visit()
    server.answers = [{ status: 400, body: { error: 'invalid visit', errors: { answers: { q_fever: ['required'] } } } }, 'record']
    // the questionnaire as the capture screen keeps it on the device
    await page.cache.cached('visits:questionnaire:qn-1:1', async () => ({ id: 'qn-1', version: 1, title: 'Q', questions: [{ id: 'q_fever', type: 'yes_no', text: '近期是否发热' }] }))
    await page.outbox.queueVisit(refused)
    await page.outbox.queueVisit(sent)
    await page.outbox.flush()
    server.down = true
    await page.outbox.queueVisit(waiting)
    await page.outbox.flush()

    const { default: OutboxPage } = await import('./OutboxPage.vue')
    const { i18n } = await import('@/i18n')
    const { router } = await import('@/router')
    const wrapper = mount(OutboxPage, { global: { plugins: [i18n, router] } })
    await page.outbox.refreshList()
    await flushPromises()

    const states = () => Object.fromEntries(wrapper.findAll('[data-test="outbox-item"]').map((w) => [w.attributes('data-visit-id'), w.attributes('data-state')]))
    expect(states()).toEqual({ [refused.visit_id]: 'refused', [sent.visit_id]: 'sent', [waiting.visit_id]: 'pending' })
    const reason = wrapper.get(`[data-visit-id="${refused.visit_id}"] [data-test="outbox-reason"]`)
    expect(reason.attributes('data-field')).toBe('answers.q_fever')
    expect(reason.text()).toContain('此题必答')
    expect(reason.text()).toContain('近期是否发热')
    expect(wrapper.get(`[data-visit-id="${waiting.visit_id}"]`).text()).toContain('网络不可用')

    server.down = false
    await wrapper.get('[data-test="outbox-retry"]').trigger('click')
    await page.outbox.flush()
    await flushPromises()
    expect(states()[waiting.visit_id]).toBe('sent')
    expect(server.recorded.get(waiting.visit_id)).toBe(1)
    expect(wrapper.find('[data-test="outbox-retry"]').exists()).toBe(false)

    // "correct and resend" opens the capture screen on that visit, with its shift and method
    // (the navigation is recorded and stopped before the capture screen loads)
    let to: { path: string; query: Record<string, unknown> } = { path: '', query: {} }
    router.beforeEach((next) => {
      to = next
      return false
    })
    await wrapper.get(`[data-visit-id="${refused.visit_id}"] .van-button--primary`).trigger('click')
    await flushPromises()
    expect(to.path).toBe(`/capture/camp-1/${refused.household_code}`)
    expect(to.query).toMatchObject({ visit: refused.visit_id, as: 'vol-a', method: 'in_person' })
    wrapper.unmount()
  }, 20_000)
})
