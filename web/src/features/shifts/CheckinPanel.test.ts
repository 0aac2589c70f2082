// The check-in panel against a fake dispatch (fetch stubbed): what it sends, the server's
// time it shows, and a refusal in Chinese.
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { i18n } from '@/i18n'
import CheckinPanel from './CheckinPanel.vue'
import { setAppZone } from './time'

beforeAll(() => setAppZone('Asia/Shanghai'))
afterAll(() => setAppZone(undefined))
afterEach(() => vi.unstubAllGlobals())

function dispatchAnswers(status: number, body: unknown) {
  const sent: { url: string; body: unknown }[] = []
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    sent.push({ url: request.url, body: await request.clone().json() })
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
  }))
  return sent
}

function panel() {
  return mount(CheckinPanel, { props: { shifts: [] }, global: { plugins: [i18n], stubs: { QrScanner: true } } })
}

describe('the check-in panel', () => {
  it('checks in with the typed code and shows the time the server recorded', async () => {
    const sent = dispatchAnswers(201, { shift_key: 'K1', volunteer_id: 'V1', checked_in_at: '2026-12-08T00:03:00+00:00', checked_out_at: null, booked: true })
    const wrapper = panel()
    await wrapper.get('[data-test=checkin-code]').setValue('52 04-66')
    expect((wrapper.get('[data-test=checkin-code]').element as HTMLInputElement).value).toBe('520466')
    await wrapper.get('[data-test=checkin-submit]').trigger('click')
    await flushPromises()
    expect(sent).toEqual([{ url: expect.stringMatching(/\/dispatch\/checkins$/), body: { code: '520466', kind: 'in' } }])
    expect(wrapper.get('[data-test=checkin-result]').text()).toContain('08:03')
    expect(wrapper.emitted('recorded')?.[0]?.[0]).toMatchObject({ shift_key: 'K1' })
  })

  it('says the service\'s refusal in Chinese', async () => {
    dispatchAnswers(409, { error: 'conflict', errors: { shift_key: ['shift K1 ended at 12:00 (2026-12-08, local time): a check-in after the end is a correction'] } })
    const wrapper = panel()
    await wrapper.get('[data-test=checkin-code]').setValue('520466')
    await wrapper.get('[data-test=checkin-submit]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test=checkin-error]').text()).toContain('班次已于 12:00 结束')
    expect(wrapper.find('[data-test=checkin-result]').exists()).toBe(false)
  })

  it('sends nothing for a code that is not 6 digits', async () => {
    const sent = dispatchAnswers(201, {})
    const wrapper = panel()
    await wrapper.get('[data-test=checkin-code]').setValue('1234')
    await wrapper.get('[data-test=checkout-submit]').trigger('click')
    await flushPromises()
    expect(sent).toEqual([])
    expect(wrapper.get('[data-test=checkin-error]').text()).toBe(i18n.global.t('shifts.codeInvalid'))
  })
})
