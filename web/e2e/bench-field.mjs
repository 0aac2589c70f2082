// The field app's budgets for `make bench` (bench/web_field.py runs it on a stack of its
// own and prints the figures): what the first screens download, time to interactive of
// the task list on an emulated slow 3G link with the CPU slowed 4×, and the time from
// tapping "submit" to the grid's figure changing in reporting. Prints one JSON line
// "BENCH {...}"; figures only, nothing is asserted.
import { api, launch, notReachedState, signIn, tab, world } from './lib.mjs'
import { openTasks, openTask, outcome, submitVisit } from './capture.mjs'

const VOLUNTEER = 'volunteer1'
const LEADER = 'grid_worker1'
const GRID = world.grids[0]
// "slow 3G": ~400 kbit/s both ways, 400 ms round trip; a mid-range phone: CPU 4× slower
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 }
const CPU_SLOWDOWN = 4
const TASK = '[data-test="task"]'

/** Every /assets/ file the page fetched, with its bytes on the wire (gzip as served). */
function recordAssets(page) {
  const files = new Map()
  page.on('requestfinished', async (request) => {
    const url = new URL(request.url())
    if (!url.pathname.startsWith('/assets/') && url.pathname !== '/' && !url.pathname.endsWith('.html')) return
    const sizes = await request.sizes().catch(() => null)
    if (sizes) files.set(url.pathname, sizes.responseBodySize)
  })
  return files
}

function summary(files) {
  const list = [...files].map(([path, bytes]) => ({ path, bytes }))
  const sum = (re) => list.filter((f) => re.test(f.path)).reduce((n, f) => n + f.bytes, 0)
  return { files: list, js: sum(/\.m?js$/), css: sum(/\.css$/) }
}

async function throttle(context, page, on) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  if (on) {
    await cdp.send('Network.emulateNetworkConditions', SLOW_3G)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })
  }
  return cdp
}

/** ms from navigation start until the task list is shown and the main thread is idle. */
async function interactive(page) {
  await page.locator(TASK).first().waitFor({ timeout: 120000 })
  return page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(performance.now()), { timeout: 10000 })))
}

/** Opening the app on the task list with a session: signed in beforehand on a normal link,
 *  then the caches emptied (cold) or kept (warm, the service worker's copy). */
async function openTaskList({ throttled, warm }) {
  const context = await launch([], { serviceWorkers: warm ? 'allow' : 'block' })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await signIn(page, VOLUNTEER)
    await tab(page, 'tasks')
    await page.locator(TASK).first().waitFor()
    const cdp = await throttle(context, page, throttled)
    if (!warm) await cdp.send('Network.clearBrowserCache')
    const files = recordAssets(page)
    await page.goto(`${world.base_url}/tasks`)
    const ms = await interactive(page).catch(() => null)
    if (ms === null && new URL(page.url()).pathname.startsWith('/signin')) return { error: 'signed out on reopening: the session was not restored (refresh refused)' }
    if (ms === null) return { error: `no task list within 120 s (at ${page.url()})` }
    return { ms: Math.round(ms), ...summary(files) }
  } finally {
    await context.close()
  }
}

/** A first visit: the sign-in screen cold, then signing in and on to the task list. */
async function firstVisit({ throttled }) {
  const context = await launch([], { serviceWorkers: 'block' })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await throttle(context, page, throttled)
    const files = recordAssets(page)
    await page.goto(`${world.base_url}/signin`)
    await page.locator('[data-test="signin"]').waitFor({ timeout: 120000 })
    const signinMs = await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(performance.now()), { timeout: 10000 })))
    const signinScreen = summary(files)
    const who = world.people[VOLUNTEER]
    await page.locator('[data-test="login"] input, input[data-test="login"]').first().fill(who.login)
    await page.locator('[data-test="password"] input, input[data-test="password"]').first().fill(who.password)
    const started = Date.now()
    await page.locator('[data-test="signin"]').click()
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 120000 })
    await tab(page, 'tasks')
    await page.locator(TASK).first().waitFor({ timeout: 120000 })
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 10000 })))
    return { signin_ms: Math.round(signinMs), signin_to_tasks_ms: Date.now() - started, signin_screen: signinScreen, through_tasks: summary(files) }
  } finally {
    await context.close()
  }
}

/** When the grid worker's 不漏一户 list in reporting shows the household not at home. */
async function figureChanged(household, timeout = 60000) {
  const started = Date.now()
  for (;;) {
    if ((await notReachedState(GRID, household, LEADER)) === 'not_home') return Date.now()
    if (Date.now() - started > timeout) return null
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Submit tapped in the app → the grid's not-home count moves in reporting; the same for
 *  a visit POSTed straight to the visits service (the floor: the pipeline alone). */
async function submitToFigure(rounds) {
  const context = await launch()
  const app = []
  const direct = []
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await signIn(page, VOLUNTEER)
    await tab(page, 'tasks')
    const households = await openTasks(page)
    for (const household of households.slice(0, rounds)) {
      await openTask(page, household)
      await outcome(page, 'not_home')
      const tapped = Date.now()
      await submitVisit(page)
      const changed = await figureChanged(household)
      app.push(changed ? changed - tapped : null)
      await page.waitForURL(/\/tasks/)
    }
    for (const household of households.slice(rounds, 2 * rounds)) {
      const sent = Date.now()
      const { status } = await api(VOLUNTEER, 'POST', '/visits/visits', {
        visit_id: `bench-${crypto.randomUUID()}`, campaign_id: world.campaign_id, household_code: household,
        visitor_id: world.people[VOLUNTEER].volunteer_id, shift_key: world.shifts.today,
        visited_at: new Date().toISOString(), method: 'in_person', outcome: 'not_home',
      })
      const changed = status === 201 || status === 200 ? await figureChanged(household) : null
      direct.push(changed ? changed - sent : null)
    }
  } finally {
    await context.close()
  }
  return { app_ms: app, direct_ms: direct }
}

const out = {}
const step = async (name, fn) => {
  try { out[name] = await fn() } catch (e) { out[name] = { error: String(e.message ?? e).split('\n')[0] } }
}
await step('first_visit_slow', () => firstVisit({ throttled: true }))
await step('first_visit_fast', () => firstVisit({ throttled: false }))
await step('task_list_cold_slow', () => openTaskList({ throttled: true, warm: false }))
await step('task_list_cold_fast', () => openTaskList({ throttled: false, warm: false }))
await step('task_list_warm_slow', () => openTaskList({ throttled: true, warm: true }))
await step('submit_to_figure', () => submitToFigure(Number(process.env.BENCH_WEB_ROUNDS ?? 3)))
console.log(`BENCH ${JSON.stringify(out)}`)
