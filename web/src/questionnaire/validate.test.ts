// Replays the conformance vectors (made from the visits service's own validate_answers by
// web/scripts/questionnaire_vectors.py) against the app's validator: same question ids
// refused, for the same reason, in every case.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { QuestionnaireDef } from './definition'
import { askedQuestions, codePoints, prunedAnswers, validateAnswers } from './validate'

interface Case {
  q: number
  outcome: string
  answers: unknown
  errors: Record<string, string>
}

// JSON.parse, not an import: an answer keyed "__proto__" must stay an own key, as it is
// for the service's JSON parser.
const vectors = JSON.parse(readFileSync(resolve(__dirname, 'vectors.json'), 'utf8')) as {
  questionnaires: QuestionnaireDef[]
  cases: Case[]
}

function codes(def: QuestionnaireDef, c: Case): Record<string, string> {
  const errors = validateAnswers(def, c.answers, c.outcome)
  return Object.fromEntries(Object.entries(errors).map(([k, r]) => [k, r.code]).sort(([a], [b]) => (a < b ? -1 : 1)))
}

describe('questionnaire validator conforms to the service', () => {
  it('has vectors for every questionnaire and many cases', () => {
    expect(vectors.questionnaires.map((q) => q.id)).toEqual(['san_xunwen_yi_wanshan', 'every_type', 'chained', 'multi_conditions'])
    expect(vectors.cases.length).toBeGreaterThan(1000)
  })

  it('gives the same error keys and reason codes as validate_answers in every case', () => {
    const mismatches: string[] = []
    vectors.cases.forEach((c, i) => {
      const got = codes(vectors.questionnaires[c.q], c)
      if (JSON.stringify(got) !== JSON.stringify(c.errors)) {
        mismatches.push(`case ${i} (${vectors.questionnaires[c.q].id}, ${c.outcome}): ${JSON.stringify(c.answers).slice(0, 200)}\n  service: ${JSON.stringify(c.errors)}\n  app:     ${JSON.stringify(got)}`)
      }
    })
    expect(mismatches.slice(0, 10).join('\n')).toBe('')
  })

  it('a question id that is a property of every object is not taken as answered', () => {
    const def = vectors.questionnaires[1]
    expect(validateAnswers(def, {}, 'reached').constructor).toBeUndefined()
    expect(askedQuestions(def, {})).toContain('constructor')
  })
})

describe('what the form shows and sends', () => {
  const def = vectors.questionnaires[0]
  it('asks the conditional questions only once their condition is answered', () => {
    expect(askedQuestions(def, {})).not.toContain('arrived_from')
    expect(askedQuestions(def, { arrived_recently: true })).toContain('arrived_from')
    expect(askedQuestions(def, { arrived_recently: false })).not.toContain('arrived_from')
  })

  it('drops answers to questions a changed answer no longer asks', () => {
    const answers = { arrived_recently: false, arrived_from: '武汉', water_hazard: true, water_hazard_types: ['leak'], remark: '' }
    expect(prunedAnswers(def, answers)).toEqual({ arrived_recently: false, water_hazard: true, water_hazard_types: ['leak'] })
  })

  it('counts text as Python does, in code points', () => {
    expect(codePoints('😀a长')).toBe(3)
    expect(codePoints('\ud800')).toBe(1)
  })
})
