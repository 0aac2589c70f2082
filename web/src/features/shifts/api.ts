// Dispatch's shifts for the field app: mine (a volunteer's), my grids' (a grid leader's),
// check-ins and the rotating check-in code. Lists are read through the device's cache so
// they open in a stairwell; a check-in and a code need the network.
import { dispatch, must } from '@/api/client'
import { cached } from '@/offline/cache'
import type { Cached } from '@/offline/types'
import { byTime, localDay } from './time'
import type { CheckinAnswer, CheckinCode, GridShifts, MyShift, Shift } from './types'

/** The device cache's key of my shifts. */
export function myShiftsKey(volunteerIds: string[]): string {
  return `dispatch:my-shifts:${[...volunteerIds].sort().join(',')}`
}

/** My shifts from today on, one list over every volunteer id I walk as. */
export async function loadMyShifts(volunteerIds: string[]): Promise<MyShift[]> {
  const since = localDay()
  const lists = await Promise.all(volunteerIds.map(async (id) => {
    const answer = await must(dispatch.GET('/volunteers/{volunteer_id}/shifts', { params: { path: { volunteer_id: id }, query: { since } } }))
    return (answer.shifts as unknown as Shift[]).map((s) => ({ ...s, me: id }))
  }))
  return lists.flat().sort(byTime)
}

export function myShifts(volunteerIds: string[]): Promise<Cached<MyShift[]>> {
  return cached(myShiftsKey(volunteerIds), () => loadMyShifts(volunteerIds))
}

export type CheckinKind = 'in' | 'out'

/** Check in or out with a shift's code; the server finds which of my shifts it is. */
export async function checkIn(code: string, kind: CheckinKind, shiftKey?: string): Promise<CheckinAnswer> {
  const body = shiftKey ? { code, kind, shift_key: shiftKey } : { code, kind }
  return (await must(dispatch.POST('/checkins', { body }))) as CheckinAnswer
}

type Grants = { role: string; area?: string }[]

/** The grids a person's grid_worker and community_admin grants lead: a grid worker's
 *  area is their grid; a community admin's is a community, whose grids dispatch knows. */
export async function ledGrids(grants: Grants): Promise<string[]> {
  const grids = new Set<string>()
  for (const g of grants) {
    if (!g.area) continue
    if (g.role === 'grid_worker') grids.add(g.area)
    else if (g.role === 'community_admin') {
      const community = await must(dispatch.GET('/communities/{code}', { params: { path: { code: g.area } } }))
      for (const grid of community.grids) grids.add(grid)
    }
  }
  return [...grids].sort()
}

export interface GridDay {
  grid_code: string
  shifts: Shift[]
}

export function gridShiftsKey(grants: Grants): string {
  return `dispatch:grid-shifts:${grants.filter((g) => g.area).map((g) => `${g.role}:${g.area}`).sort().join(',')}`
}

/** Today's shifts at each grid the person leads. */
export async function loadGridShifts(grants: Grants): Promise<GridDay[]> {
  const since = localDay()
  const grids = await ledGrids(grants)
  return Promise.all(grids.map(async (code) => {
    const answer = (await must(dispatch.GET('/grids/{code}/shifts', { params: { path: { code }, query: { since, days: 1 } } }))) as unknown as GridShifts
    return { grid_code: code, shifts: [...answer.shifts].sort(byTime) }
  }))
}

export async function checkinCode(key: string): Promise<CheckinCode> {
  return (await must(dispatch.GET('/shifts/{key}/checkin-code', { params: { path: { key } } }))) as CheckinCode
}
