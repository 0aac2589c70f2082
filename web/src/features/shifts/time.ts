// Days and hours as the people of a shift read them: in the phone's own zone, which in
// the field is the services' (WANGGE_TZ, Asia/Shanghai); the services keep days in that
// zone and instants in UTC. Tests (and a device set elsewhere, if ever needed) name the
// zone with setAppZone.
let zone: string | undefined

export function setAppZone(tz: string | undefined): void {
  zone = tz
  dayFormat = timeFormat = null
}

let dayFormat: Intl.DateTimeFormat | null = null
let timeFormat: Intl.DateTimeFormat | null = null

function days(): Intl.DateTimeFormat {
  return (dayFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }))
}

function times(): Intl.DateTimeFormat {
  return (timeFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false }))
}

/** The usual hours of each half (services/common/slots.py SHIFT_STARTS / SHIFT_ENDS). */
export const HALF_HOURS: Record<string, [string, string]> = {
  am: ['08:00', '12:00'],
  pm: ['14:00', '18:00'],
  day: ['08:00', '18:00'],
}

/** YYYY-MM-DD of an instant in the app's zone. */
export function localDay(at: Date = new Date()): string {
  return days().format(at)
}

/** HH:MM of an instant (an ISO string from a service) in the app's zone. */
export function hhmm(at: string | Date | null | undefined): string {
  if (!at) return ''
  const d = typeof at === 'string' ? new Date(at) : at
  if (Number.isNaN(d.getTime())) return ''
  return times().format(d)
}

/** A day some days after another (both YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, d + n))
  return t.toISOString().slice(0, 10)
}

/** Days from `from` to `to` (YYYY-MM-DD each). */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  return Math.round((b - a) / 86_400_000)
}

/** 0 (Sunday) … 6 of a YYYY-MM-DD day. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay()
}

export type DayLabel =
  | { kind: 'today' | 'tomorrow' | 'yesterday'; day: string }
  | { kind: 'weekday'; weekday: number; day: string }

/** How a shift's day is named: today, tomorrow, else its weekday (with the date). */
export function dayLabel(day: string, today: string): DayLabel {
  const n = daysBetween(today, day)
  if (n === 0) return { kind: 'today', day }
  if (n === 1) return { kind: 'tomorrow', day }
  if (n === -1) return { kind: 'yesterday', day }
  return { kind: 'weekday', weekday: weekday(day), day }
}

/** The hours of a shift: its own when the answer names them, else its half's. */
export function shiftHours(shift: { half: string; starts_at?: string | null; ends_at?: string | null }): [string, string] | null {
  if (shift.starts_at && shift.ends_at) {
    const a = hhmm(shift.starts_at)
    const b = hhmm(shift.ends_at)
    if (a && b) return [a, b]
  }
  return HALF_HOURS[shift.half] ?? null
}

const HALF_ORDER: Record<string, number> = { am: 0, day: 1, pm: 2 }

/** Shifts in time order: day, then morning, whole day, afternoon, then place. */
export function byTime<T extends { day: string; half: string; place_code: string }>(a: T, b: T): number {
  return a.day.localeCompare(b.day) || (HALF_ORDER[a.half] ?? 9) - (HALF_ORDER[b.half] ?? 9) || a.place_code.localeCompare(b.place_code)
}
