// A volunteer's morning ("What must be shown", first point): signs in, sees today's shift,
// is refused checking in to tomorrow's with the service's reason in Chinese, checks in to
// today's with the grid worker's code, opens the task list, captures a reached visit with
// the conditional questions answered and a not-home visit; the grid's figures in reporting
// move. A visit missing a required answer is stopped in the app before it is sent and,
// forced through (the request rewritten on its way), the service's reason shows on the
// question. Prints the household codes it captured as a JSON line "RESULT {...}".
import { api, checkinCode, coverage, expect, notReachedState, run, signIn, tab, until, visitsOf, who, world } from './lib.mjs'
import { answerAll, headCount, openTask, openTasks, outcome, reachedAnswers, submitVisit } from './capture.mjs'

const VOLUNTEER = process.env.WANGGE_VOLUNTEER ?? 'volunteer1'
const LEADER = 'grid_worker1'
const GRID = world.grids[0]
const CHINESE = /[\u4e00-\u9fff]/

await run('field-visit', async (s) => {
  const { context, page } = await s.browser(VOLUNTEER)
  s.page = page
  const result = {}

  await s.step('signed-in', async () => {
    await signIn(page, VOLUNTEER)
    await page.waitForURL(/\/shifts/)
  })

  await s.step('todays-shift', async () => {
    const today = page.locator(`[data-test="shift"][data-shift-key="${world.shifts.today}"]`)
    await today.waitFor()
    await page.locator(`[data-test="shift"][data-shift-key="${world.shifts.tomorrow}"]`).waitFor()
  })

  await s.step('tomorrow-refused', async () => {
    const stop = s.allow(/status of 409/)
    await page.locator('[data-test="checkin-code"]').fill(await checkinCode(LEADER, world.shifts.tomorrow))
    await page.locator('[data-test="checkin-submit"]').click()
    const error = page.locator('[data-test="checkin-error"]')
    await error.waitFor()
    const text = (await error.innerText()).trim()
    expect(CHINESE.test(text), `the refusal is not in Chinese: ${text}`)
    expect(!/\b(opens|ended|shift|code)\b/i.test(text), `the refusal shows the service's English: ${text}`)
    result.tomorrow_refusal = text
    stop()
  })

  await s.step('checked-in', async () => {
    await page.locator('[data-test="checkin-code"]').fill(await checkinCode(LEADER, world.shifts.today))
    await page.locator('[data-test="checkin-submit"]').click()
    await page.locator('[data-test="checkin-result"]').waitFor()
    expect(!(await page.locator('[data-test="checkin-error"]').isVisible()), 'a check-in error is shown')
  })

  let households
  await s.step('task-list', async () => {
    await tab(page, 'tasks')
    households = await openTasks(page)
    expect(households.length >= 3, `fewer than three open tasks: ${households}`)
    await page.locator('[data-test="building"]').first().waitFor()
    await page.locator('[data-test="resident"]').first().waitFor()
  })

  const before = await coverage(GRID)
  const [reached, notHome, missing] = households

  await openTask(page, reached)
  await s.step('capture-form', async () => {
    // the form as README shows it (docs/images/field-capture.png): the household, how,
    // the outcome, the head count and the questionnaire's first questions
    await outcome(page, 'reached')
    await headCount(page, 2)
    await page.evaluate(() => window.scrollTo(0, 0))
  })
  await s.step('capture-reached', async () => {
    await answerAll(page, reachedAnswers(world.today))
    // the conditional questions asked once someone came from elsewhere
    await page.locator('[data-question="arrived_recently"]').scrollIntoViewIfNeeded()
    await page.evaluate(() => window.scrollBy(0, 120))
  })
  await s.step('reached-sent', async () => {
    await submitVisit(page)
    await page.waitForURL(/\/tasks/)
    await until(`the reached visit of ${reached} in visits`, async () => (await visitsOf(reached)).length === 1)
    await page.locator(`[data-test="task"][data-household="${reached}"][data-state="sent"]`).waitFor()
  })

  await openTask(page, notHome)
  await s.step('not-home-sent', async () => {
    await outcome(page, 'not_home')
    await submitVisit(page)
    await page.waitForURL(/\/tasks/)
    await until(`the not-home visit of ${notHome} in visits`, async () => (await visitsOf(notHome)).length === 1)
  })

  await s.step('grid-figures-moved', async () => {
    // the grid worker's 不漏一户 list: the reached household leaves it, the not-home one
    // stays as not home; the grid's counts (as its community admin reads them) move
    await until('the grid worker\'s list to move', async () =>
      (await notReachedState(GRID, reached, LEADER)) === 'gone' && (await notReachedState(GRID, notHome, LEADER)) === 'not_home')
    const after = await until('the grid figures to count both visits', async () => {
      const now = await coverage(GRID)
      return now && now.reached >= (before?.reached ?? 0) + 1 && now.not_home >= (before?.not_home ?? 0) + 1 ? now : null
    })
    result.figures = { before: before && { reached: before.reached, not_home: before.not_home }, after: { reached: after.reached, not_home: after.not_home } }
  })

  // a required answer left out: the app says so on the question and sends nothing
  const posted = []
  page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/visits/visits') posted.push(r.url()) })
  await openTask(page, missing)
  await s.step('missing-answer-stopped', async () => {
    await outcome(page, 'reached')
    await headCount(page, 1)
    await answerAll(page, reachedAnswers(world.today), { skip: ['test_status'] })
    await submitVisit(page)
    const error = page.locator('[data-test="field-error"][data-field="test_status"]')
    await error.waitFor()
    await error.scrollIntoViewIfNeeded()
    expect(CHINESE.test(await error.innerText()), `the app's error is not in Chinese: ${await error.innerText()}`)
    await page.waitForTimeout(500)
    expect(posted.length === 0, `the app sent the incomplete visit: ${posted}`)
    expect(/\/capture\//.test(page.url()), 'the app left the form')
  })

  // forced through: the answer is dropped from the request on its way to the service
  await s.step('forced-refused-on-field', async () => {
    const stop = s.allow(/status of 400/)
    await context.route('**/visits/visits', async (route) => {
      const request = route.request()
      if (request.method() !== 'POST') return route.continue()
      const body = request.postDataJSON()
      if (body.answers) delete body.answers.test_status
      await route.continue({ postData: JSON.stringify(body) })
    })
    await page.locator('[data-question="test_status"] [role="radio"]').first().click()
    await submitVisit(page)
    await page.waitForURL(/\/tasks/)
    const task = page.locator(`[data-test="task"][data-household="${missing}"][data-state="refused"]`)
    await task.waitFor()
    await context.unroute('**/visits/visits')
    await task.click()
    await page.waitForURL(/\/capture\//)
    const error = page.locator('[data-test="field-error"][data-field="test_status"], [data-test="field-error"][data-field="answers.test_status"]').first()
    await error.waitFor()
    await error.scrollIntoViewIfNeeded()
    result.server_reason = (await error.innerText()).trim()
    expect((await visitsOf(missing)).length === 0, 'the visits service recorded the incomplete visit')
    stop()
  })

  // nobody else's: the API refuses another volunteer's tasks to this one
  const other = Object.keys(world.people).find((k) => k.startsWith('volunteer') && k !== VOLUNTEER)
  const { status } = await api(VOLUNTEER, 'GET', `/visits/volunteers/${who(other).volunteer_id}/tasks`)
  expect(status === 403, `another volunteer's tasks answered ${status}`)

  console.log(`RESULT ${JSON.stringify({ reached, not_home: notHome, missing, ...result })}`)
})
