// What every browser scenario shares: Debian's Chromium through playwright-core on a
// phone-size screen in the stack's time zone, a screenshot of every step, and a failure
// for any console error, page error or Content-Security-Policy violation (the gateway's
// CSP forbids inline scripts and styles: a violation is a defect of the app, not noise).
//
// The world comes from tests/browser/stack.py: WANGGE_WORLD (JSON) or a file named by
// WANGGE_WORLD_FILE (default var/browser/$WANGGE_TEST_NAMESPACE/world.json). Screenshots
// go to WANGGE_SHOTS (default var/screenshots/<scenario>/).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const CHROMIUM = process.env.WANGGE_CHROMIUM ?? '/usr/bin/chromium'
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run']

export function loadWorld() {
  if (process.env.WANGGE_WORLD) return JSON.parse(process.env.WANGGE_WORLD)
  const file = process.env.WANGGE_WORLD_FILE ??
    path.join(ROOT, 'var', 'browser', process.env.WANGGE_TEST_NAMESPACE ?? 'wangge_test', 'world.json')
  return JSON.parse(readFileSync(file, 'utf8'))
}

export const world = loadWorld()
export const base = world.base_url

/** Chromium with a fresh profile of its own, removed when it closes. */
export async function launch(extraArgs = [], { serviceWorkers = 'allow' } = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), 'wangge-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...extraArgs],
    viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    timezoneId: world.tz, locale: 'zh-CN', serviceWorkers,
  })
  const close = context.close.bind(context)
  context.close = async () => { await close(); rmSync(profile, { recursive: true, force: true }) }
  return context
}

/** A scenario: its steps numbered and screenshotted, every page it opens watched. */
export class Scenario {
  constructor(name) {
    this.name = name
    this.shots = process.env.WANGGE_SHOTS ?? path.join(ROOT, 'var', 'screenshots', name)
    rmSync(this.shots, { recursive: true, force: true })
    mkdirSync(this.shots, { recursive: true })
    this.n = 0
    this.problems = []
    // a first visit has no session to restore: accounts answers the refresh 401
    this.allowed = [/status of 401 .*\/accounts\/sessions\/refresh/]
    this.contexts = []
    this.page = null
  }

  /** Console errors matching `pattern` are expected (a refusal the scenario provokes shows
   *  as Chromium's "Failed to load resource: … status of 409"); anything else fails. */
  allow(pattern) {
    this.allowed.push(pattern)
    return () => { this.allowed = this.allowed.filter((p) => p !== pattern) }
  }

  /** A browser of its own for a person (separate cookies and storage). */
  async browser(label = 'main') {
    const context = await launch()
    this.contexts.push(context)
    await context.exposeBinding('__wgCspViolation', (_source, text) => this.problems.push(`[${label}] CSP violation: ${text}`))
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__wgCspViolation?.(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`)
      })
    })
    const page = context.pages()[0] ?? (await context.newPage())
    this.watch(page, label)
    context.on('page', (p) => this.watch(p, label))
    page.setDefaultTimeout(15000)
    return { context, page }
  }

  watch(page, label) {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return
      const text = `${msg.text()} (${msg.location().url})`
      if (this.allowed.some((p) => p.test(text))) return
      this.problems.push(`[${label}] console error: ${text}`)
    })
    page.on('pageerror', (err) => this.problems.push(`[${label}] page error: ${err.message}`))
  }

  /** One step: run it, then a screenshot NN-<name>.png of `page` (the step's page). */
  async step(name, fn, page = this.page) {
    this.n += 1
    const file = `${String(this.n).padStart(2, '0')}-${name}`
    console.log(`-- ${file}`)
    try {
      const out = await fn()
      if (page) await page.screenshot({ path: path.join(this.shots, `${file}.png`), fullPage: false })
      return out
    } catch (err) {
      if (page) await page.screenshot({ path: path.join(this.shots, `${file}-FAILED.png`) }).catch(() => {})
      throw new Error(`step ${file}: ${err.message}`, { cause: err })
    }
  }

  /** Fails when anything was reported; closes every browser either way. */
  async finish() {
    for (const c of this.contexts) await c.close().catch(() => {})
    if (this.problems.length) throw new Error(`${this.problems.length} problem(s) in the browser:\n  ${this.problems.join('\n  ')}`)
  }
}

/** Run a scenario: exit 0 when it passed, 1 with the reason otherwise. */
export async function run(name, body) {
  const scenario = new Scenario(name)
  try {
    await body(scenario)
    await scenario.finish()
    console.log(`PASS ${name} (screenshots: ${path.relative(ROOT, scenario.shots)})`)
  } catch (err) {
    await scenario.finish().catch((e) => console.error(e.message))
    console.error(`FAIL ${name}: ${err.stack ?? err}`)
    if (scenario.problems.length) console.error(scenario.problems.join('\n'))
    process.exitCode = 1
  }
}

// -- people and the API, as a script calls it (not through the page) ----------------------
export function who(key) {
  const p = world.people[key]
  if (!p) throw new Error(`no ${key} in the world: ${Object.keys(world.people).join(', ')}`)
  return p
}

const tokens = new Map()
export async function tokenOf(key) {
  if (tokens.has(key)) return tokens.get(key)
  const p = who(key)
  const r = await fetch(`${base}/accounts/sessions`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: p.login, password: p.password }),
  })
  if (!r.ok) throw new Error(`${key} could not sign in: ${r.status} ${await r.text()}`)
  const token = (await r.json()).access_token
  tokens.set(key, token)
  return token
}

/** → {status, body} of a call as `key` through the gateway. */
export async function api(key, method, route, body) {
  const r = await fetch(`${base}${route}`, {
    method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await tokenOf(key)}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await r.text()
  let parsed = text
  try { parsed = text ? JSON.parse(text) : {} } catch { /* not JSON */ }
  return { status: r.status, body: parsed }
}

export async function until(what, probe, { timeout = 30000, every = 300 } = {}) {
  const deadline = Date.now() + timeout
  for (;;) {
    const found = await probe()
    if (found) return found
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeout / 1000}s`)
    await new Promise((r) => setTimeout(r, every))
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message)
}

// -- the app -----------------------------------------------------------------------------
/** Opens the app and signs in as `key` on the sign-in form; waits to leave /signin. */
export async function signIn(page, key) {
  const p = who(key)
  await page.goto(`${base}/signin`)
  await page.locator('[data-test="login"] input, input[data-test="login"]').first().fill(p.login)
  await page.locator('[data-test="password"] input, input[data-test="password"]').first().fill(p.password)
  await page.locator('[data-test="signin"]').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'))
}

/** The grid worker's current check-in code of a shift. */
export async function checkinCode(leader, shiftKey) {
  const { status, body } = await api(leader, 'GET', `/dispatch/shifts/${encodeURIComponent(shiftKey)}/checkin-code`)
  if (status !== 200) throw new Error(`check-in code of ${shiftKey} as ${leader}: ${status} ${JSON.stringify(body)}`)
  return body.code
}

/** The visits the visits service holds for a household (as the city admin). */
export async function visitsOf(household) {
  const { status, body } = await api('city_admin', 'GET', `/visits/households/${encodeURIComponent(household)}/visits`)
  if (status !== 200) throw new Error(`visits of ${household}: ${status} ${JSON.stringify(body)}`)
  return body.visits ?? body
}

/** The campaign's coverage figures of an area in reporting (GET /areas/<code>/figures
 *  needs the report right: a community admin has it, a grid worker does not). */
export async function coverage(area, key = 'community_admin') {
  const { status, body } = await api(key, 'GET', `/reporting/areas/${area}/figures?campaign=${world.campaign_id}&day=${world.today}`)
  if (status !== 200) throw new Error(`figures of ${area} as ${key}: ${status} ${JSON.stringify(body)}`)
  return body.coverage?.find((c) => c.campaign_id === world.campaign_id) ?? null
}

/** A household's line in the grid worker's 不漏一户 list in reporting (GET
 *  /grids/<code>/not-reached): its state, or 'gone' once reached. */
export async function notReachedState(grid, household, key = 'grid_worker1') {
  const { status, body } = await api(key, 'GET', `/reporting/grids/${grid}/not-reached?campaign=${world.campaign_id}`)
  if (status !== 200) throw new Error(`not-reached of ${grid} as ${key}: ${status} ${JSON.stringify(body)}`)
  return body.households.find((h) => h.household_code === household)?.state ?? 'gone'
}

/** Moves to a tab of the bottom bar as a person does (no reload), by the tab's icon
 *  (the routes' meta.tab.icon: calendar-o shifts, todo-list-o tasks, location-o grid,
 *  comment-o requests, cluster-o the leader's shifts, user-o me). */
export const TABS = { shifts: 'calendar-o', tasks: 'todo-list-o', grid: 'location-o', requests: 'comment-o', lead: 'cluster-o', me: 'user-o' }
export async function tab(page, name) {
  const icon = TABS[name] ?? name
  await page.locator('.van-tabbar-item', { has: page.locator(`.van-icon-${icon}`) }).click()
}
