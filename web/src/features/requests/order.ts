// Which request comes first and how long is left: a handler works down the list, so the
// overdue ones lead, then the ones due soonest; finished ones sink to the bottom.
import type { ResidentRequest } from './types'

const ACTIVE = new Set(['open', 'assigned'])

export function isActive(r: Pick<ResidentRequest, 'status'>): boolean {
  return ACTIVE.has(r.status)
}

/** Overdue by the service's word, or by the clock since it answered. */
export function isOverdue(r: Pick<ResidentRequest, 'status' | 'overdue' | 'due_at'>, now: number): boolean {
  return isActive(r) && (r.overdue || Date.parse(r.due_at) < now)
}

export function sortRequests<T extends ResidentRequest>(list: T[], now: number): T[] {
  const rank = (r: T) => (isOverdue(r, now) ? 0 : isActive(r) ? 1 : 2)
  return [...list].sort((a, b) => {
    const byRank = rank(a) - rank(b)
    if (byRank) return byRank
    if (rank(a) === 2) return Date.parse(b.raised_at) - Date.parse(a.raised_at) // newest finished first
    return Date.parse(a.due_at) - Date.parse(b.due_at) || a.request_id.localeCompare(b.request_id)
  })
}

export interface Span {
  days: number
  hours: number
  minutes: number
}

function span(ms: number): Span {
  const minutes = Math.floor(Math.abs(ms) / 60_000)
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 }
}

export type Due =
  | { kind: 'left'; span: Span }
  | { kind: 'overdue'; span: Span }
  | { kind: 'done' }

/** How long until the request is due (or since it was), for an active one. */
export function due(r: Pick<ResidentRequest, 'status' | 'overdue' | 'due_at'>, now: number): Due {
  if (!isActive(r)) return { kind: 'done' }
  const ms = Date.parse(r.due_at) - now
  // the service may already have escalated it with a later due time: the clock says
  // how long is left, the card's tag says it was overdue
  return ms < 0 ? { kind: 'overdue', span: span(ms) } : { kind: 'left', span: span(ms) }
}

type Translate = (key: string, params?: Record<string, unknown>) => string

/** 2天3小时 / 3小时12分 / 12分钟 (at least 1 minute). */
export function spanText(t: Translate, s: Span): string {
  if (s.days) return t('requests.span.dh', { d: s.days, h: s.hours })
  if (s.hours) return t('requests.span.hm', { h: s.hours, m: s.minutes })
  return t('requests.span.m', { m: Math.max(1, s.minutes) })
}

export function dueText(t: Translate, d: Due): string {
  if (d.kind === 'done') return ''
  return t(d.kind === 'left' ? 'requests.dueIn' : 'requests.overdueBy', { span: spanText(t, d.span) })
}
