// What each person may see ("What must be shown", third point): a volunteer's app lists
// their own tasks and nothing of another volunteer's, the services answer 403 to their
// asking for or capturing another's, and the app opened on another's household shows
// nothing of it; a grid worker's grid page lists their grid only, and another grid is
// refused both by the services and in the app. Prints "RESULT {...}".
import { api, expect, run, signIn, tab, who, world } from './lib.mjs'

const ME = 'volunteer3'
const OTHER = 'volunteer1'

async function tasksOf(key) {
  const id = who(key).volunteer_id
  const { status, body } = await api(key, 'GET', `/visits/volunteers/${id}/tasks`)
  expect(status === 200, `${key}'s own tasks answered ${status}`)
  return body.shifts.flatMap((s) => s.volunteers.filter((v) => v.volunteer_id === id).flatMap((v) => v.tasks))
}

async function listed(page) {
  return page.locator('[data-test="task"]').evaluateAll((els) => els.map((e) => e.dataset.household))
}

await run('isolation', async (s) => {
  const mine = (await tasksOf(ME)).map((t) => t.household_code)
  const theirs = await tasksOf(OTHER)
  const open = theirs.filter((t) => t.status === 'open')
  const target = open[open.length - 1] // the last of theirs: nobody visits it in these scenarios
  expect(target, `${OTHER} has no open task left`)

  // the services: another volunteer's tasks and visits are refused
  const asked = await api(ME, 'GET', `/visits/volunteers/${who(OTHER).volunteer_id}/tasks`)
  expect(asked.status === 403, `${ME} reading ${OTHER}'s tasks: ${asked.status}`)
  for (const visitor of [who(ME).volunteer_id, who(OTHER).volunteer_id]) {
    const posted = await api(ME, 'POST', '/visits/visits', {
      visit_id: `e2e-isolation-${visitor}-${Date.now()}`, campaign_id: world.campaign_id,
      household_code: target.household_code, visitor_id: visitor, shift_key: world.shifts.today,
      visited_at: new Date().toISOString(), method: 'in_person', outcome: 'not_home',
    })
    expect(posted.status === 403, `${ME} capturing ${OTHER}'s household as ${visitor}: ${posted.status} ${JSON.stringify(posted.body)}`)
  }

  const { page } = await s.browser(ME)
  s.page = page
  await s.step('own-tasks-only', async () => {
    await signIn(page, ME)
    await tab(page, 'tasks')
    await page.locator('[data-test="task"]').first().waitFor()
    const shown = await listed(page)
    expect(shown.length === mine.length && shown.every((h) => mine.includes(h)),
      `the list shows ${shown} but ${ME}'s tasks are ${mine}`)
    const leaked = shown.filter((h) => theirs.some((t) => t.household_code === h))
    expect(!leaked.length, `${OTHER}'s households in ${ME}'s list: ${leaked}`)
  })

  await s.step('others-household-shows-nothing', async () => {
    await page.evaluate((to) => { history.pushState({}, '', to); dispatchEvent(new PopStateEvent('popstate')) },
      `/capture/${world.campaign_id}/${encodeURIComponent(target.household_code)}?shift=${encodeURIComponent(world.shifts.today)}`)
    await page.waitForURL(/\/capture\//)
    await page.waitForTimeout(1500)
    const text = await page.locator('body').innerText()
    expect(!text.includes(target.address), `the capture page shows ${OTHER}'s household: ${target.address}`)
    expect(!(await page.locator('[data-test="submit-visit"]').count()), `the capture form of ${OTHER}'s household is offered`)
    expect(!(await page.locator('[data-test="resident"]').count()), 'residents of another volunteer are shown')
  })

  // grid workers: their own grid in the app, another grid refused
  const [mineGrid, otherGrid] = world.grids
  const refused = await api('grid_worker1', 'GET', `/visits/campaigns/${world.campaign_id}/grids/${otherGrid}/households`)
  expect(refused.status === 403, `grid_worker1 reading ${otherGrid}'s households: ${refused.status}`)
  const figures = await api('grid_worker1', 'GET', `/reporting/areas/${otherGrid}/figures?campaign=${world.campaign_id}`)
  expect(figures.status === 403, `grid_worker1 reading ${otherGrid}'s figures: ${figures.status}`)

  const leader = await s.browser('grid_worker1')
  await s.step('grid-worker-own-grid', async () => {
    await signIn(leader.page, 'grid_worker1')
    await tab(leader.page, 'grid')
    await leader.page.locator('[data-test="task"]').first().waitFor()
    const shown = await listed(leader.page)
    expect(shown.length === world.households[mineGrid].length, `the grid page lists ${shown.length} households, the grid has ${world.households[mineGrid].length}`)
    expect(shown.every((h) => h.startsWith(mineGrid)), `households of another grid listed: ${shown.filter((h) => !h.startsWith(mineGrid))}`)
    const missing = await leader.page.locator('[data-test="grid-missing"]').evaluateAll((els) => els.map((e) => e.dataset.household))
    expect(missing.every((h) => h.startsWith(mineGrid)), `the 不漏一户 list names another grid: ${missing}`)
  }, leader.page)

  await s.step('grid-worker-other-grid-refused', async () => {
    const stop = s.allow(/status of 403/)
    const other = world.households[otherGrid][0]
    await leader.page.evaluate((to) => { history.pushState({}, '', to); dispatchEvent(new PopStateEvent('popstate')) },
      `/capture/${world.campaign_id}/${encodeURIComponent(other)}?grid=${otherGrid}`)
    await leader.page.waitForURL(/\/capture\//)
    await leader.page.waitForTimeout(1500)
    expect(!(await leader.page.locator('[data-test="submit-visit"]').count()), `the capture form of ${other} (another grid) is offered`)
    stop()
  }, leader.page)

  console.log(`RESULT ${JSON.stringify({ others_household: target.household_code, mine })}`)
})
