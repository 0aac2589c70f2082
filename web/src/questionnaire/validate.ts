// The answers' rules, read from the questionnaire's definition with the same semantics as
// validate_answers in services/visits/domain/questionnaire.py, so the app refuses before
// sending exactly what the service would refuse. Sameness is not left to reading: the
// conformance vectors (vectors.json, made by web/scripts/questionnaire_vectors.py from the
// Python validator) are replayed against this file by validate.test.ts.
//
// Python details kept on purpose: `len` counts code points (not UTF-16 units), `str.strip`
// knows its own whitespace set, `\d` in the date pattern admits any Unicode digit and `$`
// a final newline (both then fail as "not a real date"), and a missing answer and null
// mean the same.
import { optionValues, type Answers, type QuestionDef, type QuestionnaireDef } from './definition'

export const TEXT_MAX = 1000

/** Why an answer is refused: a code the app translates, with what the message needs. */
export type ReasonCode =
  | 'schema' | 'unknown' | 'required' | 'choose_one' | 'not_asked'
  | 'not_boolean' | 'not_number' | 'not_integer' | 'below_min' | 'above_max'
  | 'not_option' | 'not_list' | 'bad_option' | 'duplicate'
  | 'not_date' | 'not_real_date' | 'not_text' | 'too_long'

export interface Reason {
  code: ReasonCode
  params?: Record<string, string | number>
}

/** Errors keyed by question id (or `_schema`, or an unknown answer's key). */
export type AnswerErrors = Record<string, Reason>

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

function given(answers: Answers, id: string): unknown {
  // hasOwn: a question id such as "constructor" must not find Object.prototype's
  return hasOwn(answers, id) ? answers[id] : undefined
}

/** Python's str.isspace() set (differs from JS \s: \x1c-\x1f and \x85 yes, \ufeff no). */
const PY_SPACE = /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/

function isBlank(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (typeof value === 'string' && PY_SPACE.test(value))
}

/** Length in code points, as Python's len() counts a str. */
export function codePoints(value: string): number {
  let n = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const d = value.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

const LOOSE_DATE = /^\p{Nd}{4}-\p{Nd}{2}-\p{Nd}{2}\n?$/u
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function realDate(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
  return d <= days
}

/** Whether one value fits a question (null: it does). */
export function checkAnswer(q: QuestionDef, value: unknown): Reason | null {
  switch (q.type) {
    case 'yes_no':
      return typeof value === 'boolean' ? null : { code: 'not_boolean' }
    case 'number': {
      if (!isNumber(value)) return { code: 'not_number' }
      if (q.integer !== false && !Number.isInteger(value)) return { code: 'not_integer' }
      if (q.min != null && value < q.min) return { code: 'below_min', params: { min: q.min } }
      if (q.max != null && value > q.max) return { code: 'above_max', params: { max: q.max } }
      return null
    }
    case 'single_choice':
      return typeof value === 'string' && optionValues(q).includes(value) ? null : oneOf(q)
    case 'multiple_choice': {
      if (!Array.isArray(value)) return { code: 'not_list' }
      const options = optionValues(q)
      const bad = value.filter((v) => typeof v !== 'string' || !options.includes(v))
      if (bad.length) return { code: 'bad_option', params: { value: String(bad[0]), options: options.join(', ') } }
      if (new Set(value).size !== value.length) return { code: 'duplicate' }
      return null
    }
    case 'date':
      if (typeof value === 'string' && LOOSE_DATE.test(value)) {
        return realDate(value) ? null : { code: 'not_real_date' }
      }
      return { code: 'not_date' }
    case 'text':
      if (typeof value !== 'string') return { code: 'not_text' }
      return codePoints(value) > TEXT_MAX ? { code: 'too_long', params: { max: TEXT_MAX } } : null
  }
  return { code: 'not_text' } // a type the service does not know; it would refuse too
}

function oneOf(q: QuestionDef): Reason {
  return { code: 'not_option', params: { options: optionValues(q).join(', ') } }
}

/** true asked, false not asked, null cannot tell (its condition's answer was refused). */
type Asked = boolean | null

function isAsked(q: QuestionDef, asked: Map<string, Asked>, valid: Map<string, unknown>): Asked {
  if (!q.when) return true
  const parent = asked.get(q.when.question)
  if (parent === null || parent === undefined) return null
  if (!parent || !valid.has(q.when.question)) return false // an unasked or unanswered question asks nothing further
  const answer = valid.get(q.when.question)
  if (Array.isArray(answer)) return answer.includes(q.when.equals as string)
  return answer === q.when.equals
}

function isMapping(value: unknown): value is Answers {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Errors keyed by question id; {} means acceptable. Required questions must be answered
 * only when the household was reached and the question was asked; an answer to a
 * question that was not asked is an error; what is given must be valid whatever the
 * outcome.
 */
export function validateAnswers(def: QuestionnaireDef, answers: unknown, outcome: string): AnswerErrors {
  if (!isMapping(answers)) return { _schema: { code: 'schema' } }
  // no prototype: an answer keyed "__proto__" or a question "constructor" is a plain key
  const errors: AnswerErrors = Object.create(null) as AnswerErrors
  const known = new Set(def.questions.map((q) => q.id))
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors[key] = { code: 'unknown' }
  }
  const asked = new Map<string, Asked>()
  const valid = new Map<string, unknown>()
  const mustAnswer = outcome === 'reached'
  for (const q of def.questions) {
    const value = given(answers, q.id)
    const isQAsked = isAsked(q, asked, valid)
    asked.set(q.id, isQAsked)
    if (value === undefined || value === null) {
      if (isQAsked && q.required && mustAnswer) errors[q.id] ??= { code: 'required' }
      continue
    }
    if (isQAsked === false) {
      errors[q.id] ??= { code: 'not_asked', params: { question: q.when!.question } }
      continue
    }
    let problem = checkAnswer(q, value)
    if (problem === null && isQAsked && q.required && mustAnswer && isBlank(value)) {
      problem = { code: q.type === 'multiple_choice' ? 'choose_one' : 'required' }
    }
    if (problem) {
      errors[q.id] ??= problem
      // dependants of a refused answer get their own type checks, no asked verdict
      asked.set(q.id, null)
      continue
    }
    valid.set(q.id, value)
  }
  return errors
}

/** Ids of the questions the answers make relevant, in order: what the form shows. */
export function askedQuestions(def: QuestionnaireDef, answers: Answers): string[] {
  const asked = new Map<string, Asked>()
  const valid = new Map<string, unknown>()
  for (const q of def.questions) {
    const yes = isAsked(q, asked, valid)
    asked.set(q.id, yes)
    const value = given(answers, q.id)
    if (yes && value !== undefined && value !== null && checkAnswer(q, value) === null) valid.set(q.id, value)
  }
  return [...asked].filter(([, yes]) => yes).map(([id]) => id)
}

/** The answers without those to questions no longer asked (a changed parent answer hides
 *  its dependants; their stale answers must not be sent, the service would refuse them). */
export function prunedAnswers(def: QuestionnaireDef, answers: Answers): Answers {
  const keep = new Set(askedQuestions(def, answers))
  const out: Answers = {}
  for (const q of def.questions) {
    const value = given(answers, q.id)
    if (keep.has(q.id) && value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0 && !q.required)) {
      out[q.id] = value
    }
  }
  return out
}
