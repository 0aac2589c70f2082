// What the capture form needs, read through the device's cache so a visit can be captured
// with no signal: the household (from my tasks, or from my grid's lists), its campaign's
// questionnaire version and the questionnaire's definition.
import { must, visits } from '@/api/client'
import { cached } from '@/offline/cache'
import { campaign as campaignOf, gridLists, myTasks } from '@/features/tasks/api'
import type { CampaignInfo, Household } from '@/features/tasks/types'
import type { QuestionnaireDef } from '@/questionnaire/definition'


export function questionnaireKey(id: string, version: number): string {
  return `visits:questionnaire:${id}:${version}`
}

/** A questionnaire version never changes, so a copy on the device is as good as new. */
export async function questionnaire(id: string, version: number): Promise<QuestionnaireDef> {
  const answer = await cached(questionnaireKey(id, version), async () =>
    (await must(visits.GET('/questionnaires/{questionnaire_id}/{version}', { params: { path: { questionnaire_id: id, version } } }))) as QuestionnaireDef)
  return answer.data
}

export interface CaptureTarget {
  household: Household
  campaign: CampaignInfo
}

/** The household and its campaign, from my tasks (a volunteer) or my grid (a grid
 *  worker's follow-up call); null when neither list holds it. */
export async function captureTarget(opts: { campaignId: string; householdCode: string; volunteerIds: string[]; grid?: string; shiftKey?: string | null }): Promise<CaptureTarget | null> {
  let household: Household | undefined
  let info: CampaignInfo | undefined
  if (opts.grid) {
    const lists = (await gridLists(opts.grid)).data
    household = [...lists.followUp, ...lists.households].find((h) => h.household_code === opts.householdCode)
    // the follow-up list names codes; the grid's list holds the residents
    const full = lists.households.find((h) => h.household_code === opts.householdCode)
    if (household && full) household = { ...full, ...household, residents: full.residents ?? household.residents }
    if (lists.campaign?.campaign_id === opts.campaignId) info = lists.campaign
  } else if (opts.volunteerIds.length) {
    const tasks = (await myTasks(opts.volunteerIds)).data
    const shifts = tasks.shifts.filter((s) => !opts.shiftKey || s.shift_key === opts.shiftKey)
    household = shifts.flatMap((s) => s.households).find((h) => h.household_code === opts.householdCode && (!h.campaign_id || h.campaign_id === opts.campaignId))
    info = tasks.campaigns[opts.campaignId]
  }
  if (!household) return null
  if (!info) info = (await cached(`visits:campaign:${opts.campaignId}`, () => campaignOf(opts.campaignId))).data
  return { household, campaign: info }
}
