// A request handler moves a resident's request on ("Requests" of the issue): the request
// 转办'd to their department is listed, they accept it, then resolve it with a note; the
// history shows both steps and the visits service holds the request resolved.
import { api, expect, run, signIn, tab, until, world } from './lib.mjs'

const HANDLER = 'request_handler'
const NOTE = '已联系社区助餐点，每日送餐上门'

await run('requests', async (s) => {
  const { page } = await s.browser(HANDLER)
  s.page = page
  const card = page.locator(`[data-test="request"][data-request-id="${world.request_id}"]`)

  await s.step('assigned-to-me', async () => {
    await signIn(page, HANDLER)
    await page.waitForURL(/\/requests/).catch(async () => tab(page, 'requests'))
    await card.waitFor()
    expect((await card.getAttribute('data-status')) === 'assigned', `status ${await card.getAttribute('data-status')}`)
  })

  await s.step('accepted', async () => {
    await card.locator('button.summary').click()
    await card.locator('[data-test="request-accept"]').click()
    await until('the acceptance in visits', async () => {
      const { body } = await api('city_admin', 'GET', `/visits/requests/${world.request_id}`)
      return !!body.accepted_at
    })
    await card.locator('[data-test="request-accept"]').waitFor({ state: 'detached' })
  })

  await s.step('resolved', async () => {
    await card.locator('[data-test="request-note"]').fill(NOTE)
    await card.locator('[data-test="request-resolve"]').click()
    await page.locator(`[data-test="request"][data-request-id="${world.request_id}"][data-status="resolved"]`).waitFor()
    const { body } = await api('city_admin', 'GET', `/visits/requests/${world.request_id}`)
    expect(body.status === 'resolved', `the service holds it ${body.status}`)
  })

  await s.step('history', async () => {
    const resolved = page.locator(`[data-test="request"][data-request-id="${world.request_id}"]`)
    if (!(await resolved.locator('[data-test="request-history"]').count())) await resolved.locator('button.summary').click()
    const history = resolved.locator('[data-test="request-history"]')
    await history.waitFor()
    await history.scrollIntoViewIfNeeded()
    const text = await history.innerText()
    expect(text.includes(NOTE), `the history does not show the note: ${text}`)
  })
})
