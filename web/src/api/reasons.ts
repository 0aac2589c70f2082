// The services refuse in English (their messages are for logs, integrators and the CLI);
// people in the field read Chinese. Known refusals are recognised here by pattern and
// shown through an i18n key with what the message carries (a time, a date); anything
// else falls back to the service's own text, which is still better than "出错了".
// Features add their own patterns in src/features/<feature>/reasons.ts and pass them in.
import { ApiError, NetworkError } from './errors'

export interface Reason {
  key: string
  params: Record<string, string>
}

export interface ReasonPattern {
  /** tried against the message and each field's reasons */
  match: RegExp
  key: string
  /** the message's parameters from the match (named groups by default) */
  params?: (m: RegExpMatchArray) => Record<string, string>
  /** only for answers of these statuses (any when absent) */
  status?: number[]
}

type Translate = (key: string, params?: Record<string, unknown>) => string

// Dispatch's check-in refusals. A code check-in (POST /checkins, services/dispatch/domain/
// checkin_codes.py) names the local time: "opens at HH:MM (<day>, local time)"; a scan
// with a time (use_cases/attendance.py) names the window: "(<day> <opens>–<closes> local)".
const HOURS = String.raw`\((?<day>\d{4}-\d{2}-\d{2}) (?<opens>\d{2}:\d{2})(?::\d{2})?–(?<closes>\d{2}:\d{2})`
// today on this device (its zone is the services' in the field; see features/shifts/time.ts)
const today = () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())

/** "07:30" today, "2026-12-09 07:30" another day: the time a window opens, as said. */
function opening(m: RegExpMatchArray): Record<string, string> {
  const { day = '', opens = '', closes = '' } = m.groups ?? {}
  const when = day && day !== today() ? `${day} ${opens}` : opens
  return { day, opens, closes, when }
}

const AT = (name: string) => String.raw`at (?<${name}>\d{2}:\d{2})(?::\d{2})? \((?<day>\d{4}-\d{2}-\d{2})`

export const KNOWN_REASONS: ReasonPattern[] = [
  { match: new RegExp(String.raw`the check-in of shift \S+ opens ` + AT('opens')), key: 'shifts.reason.checkinOpensAt', params: opening },
  { match: new RegExp(String.raw`the check-out of shift \S+ opens ` + AT('opens')), key: 'shifts.reason.checkoutOpensAt', params: opening },
  { match: new RegExp(String.raw`shift \S+ ended ` + AT('closes')), key: 'shifts.reason.ended' },
  { match: new RegExp(String.raw`the check-out of shift \S+ closed ` + AT('closes')), key: 'shifts.reason.checkoutClosed' },
  { match: new RegExp(String.raw`before the check-in window of shift \S+ opens ` + HOURS), key: 'shifts.reason.checkinOpensAt', params: opening },
  { match: new RegExp(String.raw`before the check-out window of shift \S+ opens ` + HOURS), key: 'shifts.reason.checkoutOpensAt', params: opening },
  { match: new RegExp(String.raw`after shift \S+ ended ` + HOURS), key: 'shifts.reason.ended' },
  { match: new RegExp(String.raw`after the check-out window of shift \S+ closed ` + HOURS), key: 'shifts.reason.checkoutClosed' },
  { match: /code is for a shift you are not on/i, key: 'shifts.reason.notYourShift' },
  { match: /only a volunteer checks themself in/i, key: 'shifts.reason.notVolunteer' },
  { match: /must be the 6 digits/i, key: 'shifts.codeInvalid' },
  { match: /shift \S+ is (?<status>cancelled|canceled|withdrawn|completed)/i, key: 'shifts.reason.shiftNotScheduled' },
  { match: /\b(no|unknown|not a valid|invalid|expired)\b.*\bcode|not this shift's check-in code|\bcode\b.*\b(unknown|not valid|invalid|expired|matches no|does not match)/i, key: 'shifts.reason.unknownCode' },
  { match: /^(not allowed|forbidden)\b|may not\b|not permitted|lacks? (the )?(grant|role)/i, key: 'shifts.reason.notAllowed', status: [403] },
]

function paramsOf(pattern: ReasonPattern, m: RegExpMatchArray): Record<string, string> {
  if (pattern.params) return pattern.params(m)
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) out[k] = v
  return out
}

/** The first known reason in these texts, or null. */
export function recognise(texts: string[], status?: number, patterns: ReasonPattern[] = KNOWN_REASONS): Reason | null {
  for (const pattern of patterns) {
    if (pattern.status && (status === undefined || !pattern.status.includes(status))) continue
    for (const text of texts) {
      const m = text.match(pattern.match)
      if (m) return { key: pattern.key, params: paramsOf(pattern, m) }
    }
  }
  return null
}

/** Every text an error carries: its message, then each field's reasons. */
export function textsOf(error: ApiError): string[] {
  return [error.message, ...Object.values(error.fields).flat()]
}

/** A refusal or failure as a sentence for the person: a known reason in their language,
 *  else the service's own reasons, else a generic line for the status. */
export function explain(error: unknown, t: Translate, extra: ReasonPattern[] = []): string {
  if (error instanceof NetworkError) return t('error.network')
  if (!(error instanceof ApiError)) return t('error.unknown', { message: String((error as Error)?.message ?? error) })
  const known = recognise(textsOf(error), error.status, [...extra, ...KNOWN_REASONS])
  if (known) return t(known.key, known.params)
  const reasons = Object.values(error.fields).flat()
  if (reasons.length) return reasons.join('；')
  if (error.message && !/^HTTP \d+$/.test(error.message)) return error.message
  if (error.status === 403) return t('error.forbidden')
  if (error.status === 404) return t('error.notFound')
  return t('error.server', { status: error.status })
}
