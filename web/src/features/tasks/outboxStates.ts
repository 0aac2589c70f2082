// The device's visits per household, for the task lists: the newest visit of each
// household (useOutbox lists them newest first).
import type { PendingVisit } from '@/offline/types'
import type { ShownState } from './grouping'
import type { Household } from './types'

export function latestByHousehold(items: PendingVisit[]): Map<string, PendingVisit> {
  const out = new Map<string, PendingVisit>()
  for (const v of items) {
    const key = `${v.campaign_id}\u0000${v.household_code}`
    if (!out.has(key)) out.set(key, v)
  }
  return out
}

export function shownState(h: Household, campaignId: string | undefined, latest: Map<string, PendingVisit>): ShownState {
  const v = latest.get(`${campaignId ?? h.campaign_id ?? ''}\u0000${h.household_code}`)
  return {
    campaign: h.state ?? 'assigned',
    outbox: v?.state ?? null,
    captured: v ? String(v.payload.outcome ?? '') || null : null,
  }
}
