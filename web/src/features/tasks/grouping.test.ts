import { describe, expect, it } from 'vitest'
import { counts, effectiveState, groupByBuilding } from './grouping'
import { latestByHousehold, shownState } from './outboxStates'
import type { PendingVisit } from '@/offline/types'
import type { Household } from './types'

const h = (code: string, building: string, state = 'assigned', name?: string): Household => ({
  household_code: code, building_code: building, building_name: name ?? `${building}号楼`, state, campaign_id: 'c1',
})

describe('groupByBuilding', () => {
  it('keeps the walking order and groups consecutive households of a building', () => {
    const groups = groupByBuilding([h('a1', 'B1'), h('a2', 'B1'), h('b1', 'B2'), h('c1', 'B3'), h('c2', 'B3')])
    expect(groups.map((g) => [g.building_code, g.building_name, g.households.map((x) => x.household_code)])).toEqual([
      ['B1', 'B1号楼', ['a1', 'a2']], ['B2', 'B2号楼', ['b1']], ['B3', 'B3号楼', ['c1', 'c2']],
    ])
  })

  it('does not pull a building met again later back out of order', () => {
    const groups = groupByBuilding([h('a1', 'B1'), h('b1', 'B2'), h('a2', 'B1')])
    expect(groups.map((g) => g.building_code)).toEqual(['B1', 'B2', 'B1'])
  })

  it('names a building by its code when it has no name', () => {
    expect(groupByBuilding([{ household_code: 'x', building_code: 'B9' }])[0].building_name).toBe('B9')
    expect(groupByBuilding([])).toEqual([])
  })
})

function visit(code: string, state: PendingVisit['state'], outcome: string, at: string): PendingVisit {
  return { client_visit_id: `${code}-${at}`, person_id: 'p', campaign_id: 'c1', household_code: code, payload: { outcome }, state, captured_at: at, attempts: 0 }
}

describe('counts and states', () => {
  it('counts a visit on the device as what it captured, unless the service refused it', () => {
    const households = [h('a', 'B1'), h('b', 'B1', 'not_home'), h('c', 'B2'), h('d', 'B2', 'reached'), h('e', 'B3', 'vacant'), h('f', 'B3')]
    // newest first, as useOutbox lists them
    const latest = latestByHousehold([
      visit('a', 'pending', 'reached', '3'), visit('c', 'refused', 'reached', '2'), visit('a', 'sent', 'not_home', '1'),
      visit('f', 'sent', 'not_home', '1'),
    ])
    const states = households.map((x) => shownState(x, 'c1', latest))
    expect(states[0]).toEqual({ campaign: 'assigned', outbox: 'pending', captured: 'reached' })
    expect(effectiveState(states[2])).toBe('assigned')
    expect(counts(states)).toEqual({ total: 6, reached: 2, not_home: 2, refused: 0, vacant: 1, left: 3 })
  })

  it('reads a household with no state as not visited', () => {
    expect(shownState({ household_code: 'x' }, 'c1', new Map()).campaign).toBe('assigned')
  })
})
