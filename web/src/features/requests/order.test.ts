import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { due, dueText, sortRequests } from './order'
import type { ResidentRequest } from './types'

const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {})
const NOW = Date.parse('2026-12-08T04:00:00Z')

function req(id: string, status: string, dueAt: string, extra: Partial<ResidentRequest> = {}): ResidentRequest {
  return {
    request_id: id, grid_code: 'g', household_code: null, category: 'medical', urgency: 'normal', note: null,
    status, assignee: null, assigned_to: 'u1', raised_at: '2026-12-07T00:00:00Z', due_at: dueAt, overdue: false,
    escalation_level: 0, version: 1, ...extra,
  }
}

describe('sortRequests', () => {
  it('overdue first, then the soonest due, finished last (newest first)', () => {
    const list = [
      req('done-old', 'resolved', '2026-12-01T00:00:00Z', { raised_at: '2026-12-01T00:00:00Z' }),
      req('later', 'assigned', '2026-12-09T00:00:00Z'),
      req('soon', 'assigned', '2026-12-08T05:00:00Z'),
      req('late-by-clock', 'assigned', '2026-12-08T03:00:00Z'),
      req('done-new', 'closed', '2026-12-05T00:00:00Z', { raised_at: '2026-12-05T00:00:00Z' }),
      req('late-by-service', 'open', '2026-12-10T00:00:00Z', { overdue: true }),
      req('latest', 'assigned', '2026-12-07T00:00:00Z'),
    ]
    expect(sortRequests(list, NOW).map((r) => r.request_id)).toEqual(
      ['latest', 'late-by-clock', 'late-by-service', 'soon', 'later', 'done-new', 'done-old'])
  })

  it('does not change the list it was given', () => {
    const list = [req('b', 'assigned', '2026-12-09T00:00:00Z'), req('a', 'assigned', '2026-12-08T05:00:00Z')]
    sortRequests(list, NOW)
    expect(list.map((r) => r.request_id)).toEqual(['b', 'a'])
  })
})

describe('due', () => {
  it('counts down what is left', () => {
    expect(dueText(t, due(req('r', 'assigned', '2026-12-08T07:12:00Z'), NOW))).toBe('剩余 3小时12分')
    expect(dueText(t, due(req('r', 'assigned', '2026-12-10T07:00:00Z'), NOW))).toBe('剩余 2天3小时')
    expect(dueText(t, due(req('r', 'assigned', '2026-12-08T04:00:20Z'), NOW))).toBe('剩余 1分钟')
  })

  it('and how late it is', () => {
    expect(dueText(t, due(req('r', 'open', '2026-12-08T02:55:00Z'), NOW))).toBe('已超时 1小时5分')
  })

  it('nothing for a finished one', () => {
    expect(due(req('r', 'resolved', '2026-12-08T02:55:00Z'), NOW)).toEqual({ kind: 'done' })
    expect(dueText(t, { kind: 'done' })).toBe('')
  })
})
