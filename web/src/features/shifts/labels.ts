// The words of a shift card, from its answer: pure functions of a translator so the
// tests read them without mounting a screen.
import { HALVES, TASK_KINDS } from '@/vocab/codes'
import { dayLabel, hhmm, shiftHours } from './time'
import type { Shift } from './types'

type Translate = (key: string, params?: Record<string, unknown>) => string

/** 今天 / 明天 / 周三, with the date for the weekday ones: 周三 12月10日. */
export function dayText(t: Translate, day: string, today: string): string {
  const label = dayLabel(day, today)
  const [, m, d] = day.split('-').map(Number)
  const date = t('shifts.date', { month: m, day: d })
  if (label.kind === 'weekday') return `${t(`shifts.weekday.${label.weekday}`)} ${date}`
  return `${t(`shifts.${label.kind}`)} ${date}`
}

/** 上午 08:00–12:00 (the half's name, known or the code as it came). */
export function halfText(t: Translate, shift: Pick<Shift, 'half' | 'starts_at' | 'ends_at'>): string {
  const known = (HALVES as readonly string[]).includes(shift.half)
  const name = known ? t(`vocab.HALVES.${shift.half}`) : shift.half
  const hours = shiftHours(shift)
  return hours ? `${name} ${hours[0]}–${hours[1]}` : name
}

export function placeText(shift: Pick<Shift, 'place_code' | 'place_name' | 'grid_name'>): string {
  return shift.grid_name || shift.place_name || shift.place_code
}

export function taskKindsText(t: Translate, kinds: string[]): string {
  return kinds.map((k) => ((TASK_KINDS as readonly string[]).includes(k) ? t(`vocab.TASK_KINDS.${k}`) : k)).join(t('shifts.sep'))
}

/** My attendance on a shift: checked in at HH:MM (and out), or nothing yet. */
export function attendanceText(t: Translate, shift: Pick<Shift, 'checked_in_at' | 'checked_out_at'>): string {
  if (shift.checked_in_at && shift.checked_out_at) {
    return t('shifts.checkedInOut', { in: hhmm(shift.checked_in_at), out: hhmm(shift.checked_out_at) })
  }
  if (shift.checked_in_at) return t('shifts.checkedInAt', { time: hhmm(shift.checked_in_at) })
  if (shift.checked_out_at) return t('shifts.checkedOutAt', { time: hhmm(shift.checked_out_at) })
  return t('shifts.notCheckedIn')
}
