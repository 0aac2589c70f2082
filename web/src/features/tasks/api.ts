// Reads for the task lists: my tasks (a volunteer's), my grid's households, the 不漏一户
// list and the follow-up list (a grid worker's). Each goes through the device's cache so
// the lists open in a stairwell with no signal. A reveal of a resident's name or phone
// goes to the registry's audited API, never to the cache: what was revealed is not kept.
import { must, registry, reporting, visits } from '@/api/client'
import { cached } from '@/offline/cache'
import type { Cached } from '@/offline/types'
import type { CampaignInfo, Household, MyTasks, TasksAnswer } from './types'

// routes agreed in /tmp api notes that the published documents may not list yet

export function localDay(at = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

export function myTasksKey(volunteerIds: string[]): string {
  return `visits:my-tasks:${[...volunteerIds].sort().join(',')}`
}

/** My tasks from today on, over every volunteer id I walk as. */
export async function loadMyTasks(volunteerIds: string[]): Promise<MyTasks> {
  const since = localDay()
  const answers = await Promise.all(volunteerIds.map(async (id) => {
    const answer = (await must(visits.GET('/volunteers/{volunteer_id}/tasks', { params: { path: { volunteer_id: id }, query: { since } } }))) as TasksAnswer
    return { id, answer }
  }))
  const out: MyTasks = { shifts: [], campaigns: {} }
  for (const { id, answer } of answers) {
    Object.assign(out.campaigns, answer.campaigns ?? {})
    for (const shift of answer.shifts) {
      const mine = shift.volunteers.filter((x) => x.volunteer_id === id).flatMap((x) => x.tasks)
      out.shifts.push({ shift_key: shift.shift_key, grid_code: shift.grid_code, day: shift.day, half: shift.half, status: shift.status, me: id, households: mine })
    }
  }
  const half = { am: 0, pm: 1, day: 2 } as Record<string, number>
  out.shifts.sort((a, b) => (a.day === b.day ? (half[a.half ?? ''] ?? 3) - (half[b.half ?? ''] ?? 3) : a.day < b.day ? -1 : 1))
  return out
}

export function myTasks(volunteerIds: string[]): Promise<Cached<MyTasks>> {
  return cached(myTasksKey(volunteerIds), () => loadMyTasks(volunteerIds))
}

export interface CampaignSummary extends CampaignInfo {
  campaign_id: string
  name: string
  status: string
  grid_codes?: string[]
}

export async function activeCampaigns(): Promise<CampaignSummary[]> {
  const answer = (await must(visits.GET('/campaigns', { params: { query: { status: 'active' } } }))) as { campaigns: CampaignSummary[] }
  return answer.campaigns
}

export async function campaign(campaignId: string): Promise<CampaignSummary> {
  return (await must(visits.GET('/campaigns/{campaign_id}', { params: { path: { campaign_id: campaignId } } }))) as CampaignSummary
}

export interface GridLists {
  campaign: CampaignSummary | null
  households: Household[]
  notReached: Household[]
  followUp: Household[]
}

/** Everything of one grid a grid worker walks the campaign with. */
export async function loadGrid(grid: string): Promise<GridLists> {
  const campaigns = (await activeCampaigns()).filter((c) => !c.grid_codes || c.grid_codes.includes(grid))
  const chosen = campaigns[0] ?? null
  if (!chosen) return { campaign: null, households: [], notReached: [], followUp: [] }
  const id = chosen.campaign_id
  const [households, notReached, followUp] = await Promise.all([
    must(visits.GET('/campaigns/{campaign_id}/grids/{grid_code}/households', { params: { path: { campaign_id: id, grid_code: grid } } })),
    must(reporting.GET('/grids/{code}/not-reached', { params: { path: { code: grid }, query: { campaign: id, limit: 5000 } } })),
    must(visits.GET('/campaigns/{campaign_id}/follow-up', { params: { path: { campaign_id: id }, query: { grid_code: grid } } })),
  ])
  return {
    campaign: chosen,
    households: (households as { households: Household[] }).households,
    notReached: (notReached as { households: Household[] }).households,
    followUp: (followUp as { households: Household[] }).households,
  }
}

export function gridLists(grid: string): Promise<Cached<GridLists>> {
  return cached(`visits:grid:${grid}`, () => loadGrid(grid))
}

export interface Revealed {
  name?: string
  phone?: string | null
}

/** A resident's name and phone in clear: the registry writes every such read to its audit
 *  log. Only a person with read_sensitive over the resident (a grid worker) may. */
export async function reveal(residentId: number): Promise<Revealed> {
  const answer = (await must(registry.GET('/residents/{resident_id}', { params: { path: { resident_id: residentId }, query: { reveal: ['name', 'phone'] } } }))) as Revealed
  return { name: answer.name, phone: answer.phone }
}
