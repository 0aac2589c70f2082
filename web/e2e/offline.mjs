// A volunteer in a stairwell with no signal ("What must be shown", offline): the task list
// read online, then the browser offline: five visits captured, the page reloaded (the app
// and the visits waiting come from the device), back online: the five arrive once each and
// the app shows them sent. Then a send cut off after the service had it (the answer never
// reaches the page), sent again: still one visit. Prints "RESULT {...}".
import { coverage, expect, run, signIn, tab, until, visitsOf, world } from './lib.mjs'
import { answerAll, headCount, openTask, openTasks, outcome, PLAIN_ANSWERS, submitVisit } from './capture.mjs'

const VOLUNTEER = process.env.WANGGE_VOLUNTEER ?? 'volunteer2'
const OFFLINE = /ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_NAME_NOT_RESOLVED/

async function stateOf(page, household) {
  return page.locator(`[data-test="task"][data-household="${household}"]`).getAttribute('data-state')
}

await run('offline', async (s) => {
  const { context, page } = await s.browser(VOLUNTEER)
  s.page = page
  let households

  await s.step('tasks-online', async () => {
    await signIn(page, VOLUNTEER)
    await tab(page, 'tasks')
    households = await openTasks(page)
    expect(households.length >= 6, `fewer than six open tasks: ${households}`)
  })
  const five = households.slice(0, 5)
  const cutOff = households[5]

  const stopOffline = s.allow(OFFLINE)
  await s.step('offline', async () => {
    await context.setOffline(true)
    expect(await page.evaluate(() => navigator.onLine) === false, 'the page still thinks it is online')
  })

  for (const [i, household] of five.entries()) {
    await openTask(page, household)
    await s.step(`offline-capture-${i + 1}`, async () => {
      if (i === 0) {
        await outcome(page, 'reached')
        await headCount(page, 1)
        await answerAll(page, PLAIN_ANSWERS)
      } else {
        await outcome(page, i % 2 ? 'not_home' : 'vacant')
      }
      await submitVisit(page)
      await page.waitForURL(/\/tasks/)
      const state = await stateOf(page, household)
      expect(state === 'pending', `${household} shows ${state}, not pending, after an offline capture`)
    })
  }

  await s.step('reloaded-offline', async () => {
    await page.reload()
    await page.locator('[data-test="task"]').first().waitFor()
    for (const household of five) {
      const state = await stateOf(page, household)
      expect(state === 'pending', `${household} shows ${state} after the reload, not pending`)
    }
    for (const household of five) expect((await visitsOf(household)).length === 0, `${household} reached the service while offline`)
  })

  await s.step('back-online-sent', async () => {
    await context.setOffline(false)
    stopOffline()
    for (const household of five) {
      await page.locator(`[data-test="task"][data-household="${household}"][data-state="sent"]`).waitFor({ timeout: 60000 })
    }
    for (const household of five) {
      await until(`${household} in visits`, async () => (await visitsOf(household)).length >= 1)
      const got = (await visitsOf(household)).length
      expect(got === 1, `${household} has ${got} visits, not one`)
    }
  })

  // the network dies during a send: the service records the visit, the page never hears
  let received = 0
  await s.step('cut-off-mid-send', async () => {
    const stop = s.allow(/ERR_FAILED|ERR_CONNECTION|net::/)
    await context.route('**/visits/visits', async (route) => {
      if (route.request().method() !== 'POST' || received > 0) return route.continue()
      received += 1
      await route.fetch() // the service has it …
      await route.abort('connectionreset') // … the phone never hears back
    })
    await openTask(page, cutOff)
    await outcome(page, 'not_home')
    await submitVisit(page)
    await page.waitForURL(/\/tasks/)
    await until(`the cut-off visit of ${cutOff} in visits`, async () => (await visitsOf(cutOff)).length === 1)
    const state = await stateOf(page, cutOff)
    expect(state !== 'sent', `${cutOff} shows sent though no answer came back`)
    await context.unroute('**/visits/visits')
    stop()
  })

  await s.step('cut-off-resent-once', async () => {
    const sent = page.locator(`[data-test="task"][data-household="${cutOff}"][data-state="sent"]`)
    const retry = page.locator('[data-test="outbox-retry"]')
    await until(`${cutOff} sent again`, async () => {
      if (await sent.count()) return true
      if (await retry.first().isVisible().catch(() => false)) await retry.first().click().catch(() => {})
      return false
    }, { timeout: 90000, every: 1000 })
    const got = (await visitsOf(cutOff)).length
    expect(got === 1, `${cutOff} has ${got} visits after the resend, not one`)
  })

  const figures = await coverage(world.grids[0])
  console.log(`RESULT ${JSON.stringify({ offline: five, cut_off: cutOff, posts_cut: received, figures })}`)
})
