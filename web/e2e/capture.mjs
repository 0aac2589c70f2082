// Filling the capture form as a person does: an outcome, the head count, the questions by
// their ids (data-question), each kind of answer with the control the definition draws.
import { expect } from './lib.mjs'

/** The answers of a reached visit to 三询问一完善, with someone back from elsewhere (so
 *  the conditional questions about it are asked and answered) and a wiring hazard. */
export function reachedAnswers(today) {
  const threeDaysAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 3 * 86400e3).toISOString().slice(0, 10)
  return [
    ['people_present', 'number', 2],
    ['arrived_recently', 'yes_no', true],
    ['arrived_from', 'text', '广东省深圳市南山区'],
    ['arrived_on', 'date', threeDaysAgo],
    ['arrived_reported', 'yes_no', true],
    ['test_status', 'choice', 0],
    ['water_hazard', 'yes_no', false],
    ['electricity_hazard', 'yes_no', true],
    ['electricity_hazard_types', 'multi', [0]],
    ['gas_hazard', 'yes_no', false],
    ['fire_hazard', 'yes_no', false],
    ['has_difficulty', 'yes_no', false],
    ['registry_correct', 'yes_no', true],
  ]
}

/** A reached visit's answers with nothing conditional asked (nobody arrived, no hazard). */
export const PLAIN_ANSWERS = [
  ['people_present', 'number', 1],
  ['arrived_recently', 'yes_no', false],
  ['test_status', 'choice', 0],
  ['water_hazard', 'yes_no', false],
  ['electricity_hazard', 'yes_no', false],
  ['gas_hazard', 'yes_no', false],
  ['fire_hazard', 'yes_no', false],
  ['has_difficulty', 'yes_no', false],
  ['registry_correct', 'yes_no', true],
]

export async function answer(page, id, kind, value) {
  const q = page.locator(`[data-question="${id}"]`)
  await q.waitFor({ state: 'visible' })
  await q.scrollIntoViewIfNeeded()
  if (kind === 'yes_no') await q.locator('[role="radio"]').nth(value ? 0 : 1).click()
  else if (kind === 'choice') await q.locator('[role="radio"]').nth(value).click()
  else if (kind === 'multi') for (const i of value) await q.locator('[role="checkbox"]').nth(i).click()
  else if (kind === 'number') await q.locator('input').fill(String(value))
  else if (kind === 'date') await q.locator('input').fill(value)
  else await q.locator('textarea, input').first().fill(String(value))
}

export async function answerAll(page, answers, { skip = [] } = {}) {
  for (const [id, kind, value] of answers) {
    if (!skip.includes(id)) await answer(page, id, kind, value)
  }
}

/** Opens the capture form of a household from the task list. */
export async function openTask(page, household) {
  const task = page.locator(`[data-test="task"][data-household="${household}"]`)
  await task.scrollIntoViewIfNeeded()
  await task.click()
  await page.waitForURL(/\/capture\//)
  await page.locator('[data-test="submit-visit"]').waitFor()
}

/** The households of the task list still to visit (in walking order). */
export async function openTasks(page) {
  await page.locator('[data-test="task"]').first().waitFor()
  const rows = await page.locator('[data-test="task"]').evaluateAll((els) =>
    els.map((e) => ({ household: e.dataset.household, state: e.dataset.state })))
  // assigned and not visited yet (a not-home household's task is done: a new attempt is
  // handed out again later)
  const open = rows.filter((r) => r.state === 'assigned')
  expect(open.length, `no open task in the list: ${JSON.stringify(rows)}`)
  return open.map((r) => r.household)
}

export async function outcome(page, which) {
  await page.locator(`[data-test="outcome-${which}"]`).click()
}

export async function headCount(page, n) {
  await page.locator('[data-test="head-count"] input').fill(String(n))
}

export async function submitVisit(page) {
  await page.locator('[data-test="submit-visit"]').scrollIntoViewIfNeeded()
  await page.locator('[data-test="submit-visit"]').click()
}
