// How the task list is laid out: households building by building in the order the
// service answers them (its walking order), with the counts shown on top. A visit still
// on the device counts as what it captured, so the list moves as soon as it is queued.
import type { Household } from './types'

export interface Building {
  building_code: string
  building_name: string
  households: Household[]
}

/** Consecutive households of one building form a group; the walking order is kept (a
 *  building met again later, after a re-split, is a second group rather than a jump). */
export function groupByBuilding(households: Household[]): Building[] {
  const out: Building[] = []
  for (const h of households) {
    const code = h.building_code ?? ''
    const last = out[out.length - 1]
    if (last && last.building_code === code) last.households.push(h)
    else out.push({ building_code: code, building_name: h.building_name || code, households: [h] })
  }
  return out
}

export type OutboxState = 'pending' | 'sending' | 'sent' | 'refused'

/** The state the list shows: a visit on the device (not yet answered or refused) speaks
 *  for the household before the service's state does. */
export interface ShownState {
  /** the campaign's state from the service (assigned, reached, not_home …) */
  campaign: string
  /** the latest visit of the household on this device, if any */
  outbox: OutboxState | null
  /** the outcome that visit captured */
  captured: string | null
}

export interface Counts {
  total: number
  reached: number
  not_home: number
  refused: number
  vacant: number
  /** neither reached nor found vacant: still to visit (again) */
  left: number
}

/** What counts for a household: the captured outcome of a visit not refused by the
 *  service, else the campaign state. */
export function effectiveState(s: ShownState): string {
  if (s.captured && s.outbox && s.outbox !== 'refused') return s.captured
  return s.campaign
}

export function counts(states: ShownState[]): Counts {
  const c: Counts = { total: states.length, reached: 0, not_home: 0, refused: 0, vacant: 0, left: 0 }
  for (const s of states) {
    const state = effectiveState(s)
    if (state === 'reached' || state === 'not_home' || state === 'refused' || state === 'vacant') c[state] += 1
    if (state !== 'reached' && state !== 'vacant') c.left += 1
  }
  return c
}
