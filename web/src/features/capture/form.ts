// A visit as the capture form holds it, the checks it passes before it may be queued, and
// the POST /visits body it becomes. The questionnaire's checks are the service's own
// (src/questionnaire/validate.ts, proven by the conformance vectors); the others are the
// capture rules a phone can know without the server (services/visits/domain/
// visit_checks.py and reconcile.py): a shift for an in-person visit, what only a reached
// household can carry, the head count's bounds, a new resident's name and ID number.
import type { Answers, QuestionnaireDef } from '@/questionnaire/definition'
import { prunedAnswers, validateAnswers } from '@/questionnaire/validate'
import type { VisitPayload } from '@/offline/outbox'
import { idNumberProblem, normalIdNumber } from './idnumber'
import { fromAnswerReason, serverReason, type CaptureReason } from './reasons'

export type Method = 'in_person' | 'phone' | 'video'
export type Outcome = 'reached' | 'not_home' | 'refused' | 'vacant'

export interface NewResident {
  kind: 'new_resident'
  name: string
  gender: 'male' | 'female' | null
  id_number: string
}

export interface MovedOut {
  kind: 'moved_out'
  resident_id: number | null
  moved_on: string
}

export type Correction = NewResident | MovedOut

export interface HazardForm {
  kind: string
  severity: string
  note: string
}

export interface RequestForm {
  category: string
  urgency: string
  note: string
}

export interface CaptureForm {
  method: Method
  outcome: Outcome | ''
  answers: Answers
  /** the head count found at the door (reached only); null: not counted */
  people_found: number | null
  corrections: Correction[]
  hazards: HazardForm[]
  requests: RequestForm[]
}

export interface CaptureContext {
  visit_id: string
  campaign_id: string
  household_code: string
  visitor_id: string
  shift_key: string | null
  questionnaire_version: number | null
  /** when the visit happened (kept when a refused visit is corrected) */
  visited_at: string
}

export function emptyForm(method: Method): CaptureForm {
  return { method, outcome: '', answers: {}, people_found: null, corrections: [], hazards: [], requests: [] }
}

/** Field key → why: keys as the service names them (answers.<question>, people_found,
 *  corrections.0.id_number …), so the service's refusal lands on the same fields. */
export type FieldErrors = Record<string, CaptureReason>

export const HEAD_COUNT_MAX = 200
const NAME_MAX = 50
const HAZARD_NOTE_MAX = 500
const REQUEST_NOTE_MAX = 1000

function chars(s: string): number {
  return [...s].length
}

/** Every reason not to queue the visit yet; {} when it may go. */
export function validateVisit(form: CaptureForm, def: QuestionnaireDef | null, ctx: Pick<CaptureContext, 'shift_key'>): FieldErrors {
  const errors: FieldErrors = {}
  if (!form.outcome) errors.outcome = { code: 'outcome_required' }
  if (form.method === 'in_person' && !ctx.shift_key) errors.method = { code: 'shift_required' }
  const reached = form.outcome === 'reached'
  if (def && form.outcome) {
    // a copy: spreading reads every key, so a reactive form's computed sees answers added
    const answers = reached ? prunedAnswers(def, { ...form.answers }) : {}
    for (const [id, reason] of Object.entries(validateAnswers(def, answers, form.outcome))) {
      errors[`answers.${id}`] = fromAnswerReason(reason)
    }
  }
  if (reached && form.people_found !== null) {
    const n = form.people_found
    if (!Number.isInteger(n)) errors.people_found = { code: 'not_integer' }
    else if (n < 0) errors.people_found = { code: 'below_min', params: { min: 0 } }
    else if (n > HEAD_COUNT_MAX) errors.people_found = { code: 'above_max', params: { max: HEAD_COUNT_MAX } }
  }
  if (reached) {
    const ids = new Map<string, number>()
    const moved = new Map<number, number>()
    form.corrections.forEach((c, i) => {
      const at = `corrections.${i}`
      if (c.kind === 'new_resident') {
        const name = c.name.trim()
        if (!name) errors[`${at}.name`] = { code: 'name_required' }
        else if (chars(name) > NAME_MAX) errors[`${at}.name`] = { code: 'name_long', params: { max: NAME_MAX } }
        const problem = c.id_number.trim() ? idNumberProblem(c.id_number) : 'id_format'
        if (problem) errors[`${at}.id_number`] = { code: problem }
        else {
          const key = normalIdNumber(c.id_number)
          if (ids.has(key)) errors[`${at}.id_number`] = { code: 'id_same', params: { other: ids.get(key)! + 1 } }
          else ids.set(key, i)
        }
      } else {
        if (c.resident_id === null) errors[`${at}.resident_id`] = { code: 'resident_required' }
        else if (moved.has(c.resident_id)) errors[`${at}.resident_id`] = { code: 'moved_twice' }
        else moved.set(c.resident_id, i)
      }
    })
    form.requests.forEach((r, i) => {
      if (!r.category) errors[`requests.${i}.category`] = { code: 'category_required' }
      if (chars(r.note) > REQUEST_NOTE_MAX) errors[`requests.${i}.note`] = { code: 'too_long_note', params: { max: REQUEST_NOTE_MAX } }
    })
  }
  form.hazards.forEach((h, i) => {
    if (!h.kind) errors[`hazards.${i}.kind`] = { code: 'kind_required' }
    if (chars(h.note) > HAZARD_NOTE_MAX) errors[`hazards.${i}.note`] = { code: 'too_long_note', params: { max: HAZARD_NOTE_MAX } }
  })
  return errors
}

const blankToNull = (s: string): string | null => (s.trim() ? s.trim() : null)

/** The POST /visits body. Only a reached household carries answers, a head count,
 *  corrections and requests (the service refuses them on any other outcome). */
export function buildPayload(form: CaptureForm, def: QuestionnaireDef | null, ctx: CaptureContext): VisitPayload {
  const reached = form.outcome === 'reached'
  const body: VisitPayload = {
    visit_id: ctx.visit_id,
    campaign_id: ctx.campaign_id,
    household_code: ctx.household_code,
    visitor_id: ctx.visitor_id,
    shift_key: ctx.shift_key,
    visited_at: ctx.visited_at,
    method: form.method,
    outcome: form.outcome as Outcome,
    questionnaire_version: ctx.questionnaire_version,
    answers: (reached && def ? prunedAnswers(def, { ...form.answers }) : {}) as VisitPayload['answers'],
  }
  if (reached) {
    body.people_found = form.people_found
    body.corrections = form.corrections.map((c) =>
      c.kind === 'new_resident'
        ? { kind: c.kind, name: c.name.trim(), gender: c.gender, id_number: normalIdNumber(c.id_number) }
        : { kind: c.kind, resident_id: c.resident_id, moved_on: c.moved_on || null },
    )
    body.requests = form.requests.map((r) => ({ category: r.category as never, urgency: (r.urgency || 'normal') as never, note: blankToNull(r.note) }))
  }
  body.hazards = form.hazards.map((h) => ({ kind: h.kind as never, severity: (h.severity || 'medium') as never, note: blankToNull(h.note) }))
  return body
}

/** A queued payload back into the form (a refused visit reopened to be corrected). */
export function formFromPayload(p: Record<string, unknown>): CaptureForm {
  const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : [])
  return {
    method: (p.method as Method) ?? 'in_person',
    outcome: (p.outcome as Outcome) ?? '',
    answers: { ...((p.answers as Answers) ?? {}) },
    people_found: typeof p.people_found === 'number' ? p.people_found : null,
    corrections: list<Record<string, unknown>>(p.corrections).map((c) =>
      c.kind === 'new_resident'
        ? { kind: 'new_resident', name: String(c.name ?? ''), gender: (c.gender as NewResident['gender']) ?? null, id_number: String(c.id_number ?? '') }
        : { kind: 'moved_out', resident_id: typeof c.resident_id === 'number' ? c.resident_id : null, moved_on: String(c.moved_on ?? '') },
    ),
    hazards: list<Record<string, unknown>>(p.hazards).map((h) => ({ kind: String(h.kind ?? ''), severity: String(h.severity ?? ''), note: String(h.note ?? '') })),
    requests: list<Record<string, unknown>>(p.requests).map((r) => ({ category: String(r.category ?? ''), urgency: String(r.urgency ?? ''), note: String(r.note ?? '') })),
  }
}

/** The service's refusal (fields flattened as "answers.test_status", "corrections.0.id_number"
 *  …) as reasons on the same keys the form's own checks use: the first reason a field. */
export function refusalErrors(fields: Record<string, string[]>): FieldErrors {
  const out: FieldErrors = {}
  for (const [key, reasons] of Object.entries(fields)) {
    if (!reasons.length) continue
    // a shift problem is shown where the method is chosen
    const field = key === '_schema' ? 'visit' : key
    out[field] ??= serverReason(field, reasons[0])
  }
  return out
}

/** The question a field key names ("answers.test_status" → "test_status"), if any. */
export function questionOf(key: string): string | null {
  return key.startsWith('answers.') ? key.slice('answers.'.length) : null
}

/** Keys the form shows beside a field of its own; the rest are listed on top. */
export function isPlaced(key: string, shownQuestions: Set<string>, form: CaptureForm): boolean {
  const q = questionOf(key)
  if (q !== null) return shownQuestions.has(q)
  if (['outcome', 'method', 'shift_key', 'people_found'].includes(key)) return key !== 'people_found' || form.outcome === 'reached'
  const m = /^(corrections|hazards|requests)\.(\d+)(\.|$)/.exec(key)
  if (!m) return false
  const list = form[m[1] as 'corrections' | 'hazards' | 'requests']
  return Number(m[2]) < list.length && (m[1] === 'hazards' || form.outcome === 'reached')
}
