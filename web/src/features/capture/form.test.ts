import { describe, expect, it } from 'vitest'
import type { QuestionnaireDef } from '@/questionnaire/definition'
import { buildPayload, emptyForm, formFromPayload, isPlaced, questionOf, refusalErrors, validateVisit, type CaptureForm } from './form'
import { idCheckDigit, idNumberProblem } from './idnumber'
import { serverReason } from './reasons'
import { valueAt } from './values'

const def: QuestionnaireDef = {
  id: 'q', version: 2, title: 'Q',
  questions: [
    { id: 'people_present', type: 'number', text: '人数', required: true, integer: true, min: 0, max: 200 },
    { id: 'arrived_recently', type: 'yes_no', text: '来返', required: true },
    { id: 'arrived_from', type: 'text', text: '从何地', required: true, when: { question: 'arrived_recently', equals: true } },
    { id: 'test_status', type: 'single_choice', text: '核酸', required: true, options: [{ value: 'negative', label: '阴性' }, { value: 'pending', label: '待出' }] },
  ],
}
const ctx = { visit_id: 'v-12345678', campaign_id: 'c1', household_code: 'H1', visitor_id: 'vol1', shift_key: 's1', questionnaire_version: 2, visited_at: '2026-12-08T01:00:00.000Z' }

function reached(answers: Record<string, unknown>): CaptureForm {
  return { ...emptyForm('in_person'), outcome: 'reached', answers }
}

// a valid number: 17 digits and their check character
const first17 = '11010519491231002'
const goodId = first17 + idCheckDigit(first17)

describe('ID numbers (GB 11643)', () => {
  it('accepts the check digit and refuses a mistyped one', () => {
    expect(idNumberProblem(goodId)).toBeNull()
    expect(idNumberProblem(' ' + goodId.toLowerCase() + ' ')).toBeNull()
    const wrong = first17 + (goodId[17] === '0' ? '1' : '0')
    expect(idNumberProblem(wrong)).toBe('id_check')
    expect(idNumberProblem('1234')).toBe('id_format')
    expect(idCheckDigit('11010519491231002')).toBe('X')
  })
})

describe('validateVisit', () => {
  it('refuses a reached visit with a required answer missing, on that question', () => {
    const errors = validateVisit(reached({ people_present: 2, arrived_recently: true }), def, { shift_key: 's1' })
    expect(Object.keys(errors).sort()).toEqual(['answers.arrived_from', 'answers.test_status'])
    expect(errors['answers.test_status'].code).toBe('required')
  })

  it('lets a not-home visit go without answers but not an in-person one without a shift', () => {
    const form: CaptureForm = { ...emptyForm('in_person'), outcome: 'not_home' }
    expect(validateVisit(form, def, { shift_key: 's1' })).toEqual({})
    expect(Object.keys(validateVisit(form, def, { shift_key: null }))).toEqual(['method'])
    expect(validateVisit({ ...form, method: 'phone' }, def, { shift_key: null })).toEqual({})
  })

  it('checks a new resident\'s name and ID number and a moved-out person', () => {
    const form = reached({ people_present: 1, arrived_recently: false, test_status: 'negative' })
    form.people_found = 201
    form.corrections = [
      { kind: 'new_resident', name: ' ', gender: null, id_number: first17 + 'Y' },
      { kind: 'new_resident', name: '李四', gender: 'male', id_number: goodId },
      { kind: 'new_resident', name: '王五', gender: null, id_number: goodId.toLowerCase() },
      { kind: 'moved_out', resident_id: null, moved_on: '' },
    ]
    const errors = validateVisit(form, def, { shift_key: 's1' })
    expect(Object.fromEntries(Object.entries(errors).map(([k, r]) => [k, r.code]))).toEqual({
      people_found: 'above_max',
      'corrections.0.name': 'name_required',
      'corrections.0.id_number': 'id_format',
      'corrections.2.id_number': 'id_same',
      'corrections.3.resident_id': 'resident_required',
    })
  })
})

describe('buildPayload', () => {
  it('sends only asked answers, and reached-only parts only when reached', () => {
    const form = reached({ people_present: 3, arrived_recently: false, arrived_from: '武汉', test_status: 'negative' })
    form.people_found = 3
    form.corrections = [{ kind: 'new_resident', name: ' 李四 ', gender: 'male', id_number: goodId.toLowerCase() }]
    form.hazards = [{ kind: 'gas', severity: '', note: '  ' }]
    const body = buildPayload(form, def, ctx)
    expect(body.answers).toEqual({ people_present: 3, arrived_recently: false, test_status: 'negative' })
    expect(body.corrections).toEqual([{ kind: 'new_resident', name: '李四', gender: 'male', id_number: goodId.toUpperCase() }])
    expect(body.hazards).toEqual([{ kind: 'gas', severity: 'medium', note: null }])
    expect(body.questionnaire_version).toBe(2)

    const away = buildPayload({ ...form, outcome: 'not_home' }, def, ctx)
    expect(away.answers).toEqual({})
    expect(away).not.toHaveProperty('people_found')
    expect(away).not.toHaveProperty('corrections')
    expect(away.hazards).toHaveLength(1)
  })

  it('reopens a queued payload as the same form', () => {
    const form = reached({ people_present: 3, arrived_recently: false, test_status: 'negative' })
    form.corrections = [{ kind: 'moved_out', resident_id: 7, moved_on: '2026-12-01' }]
    form.requests = [{ category: 'medical', urgency: 'high', note: '需要送药' }]
    const again = formFromPayload(buildPayload(form, def, ctx) as unknown as Record<string, unknown>)
    expect(again.answers).toEqual(form.answers)
    expect(again.corrections).toEqual(form.corrections)
    expect(again.requests).toEqual(form.requests)
  })
})

describe('a refusal on the fields', () => {
  const refusal = {
    'answers.test_status': ['required'],
    'answers.people_present': ['must be at most 200'],
    'answers.gone': ['unknown question for q version 2'],
    people_found: ['Must be less than or equal to 200.'],
    'corrections.0.id_number': ['check digit does not match (mistyped?)'],
    shift_key: ['required for an in-person visit'],
    visited_at: ['2026-12-08T09:00:00+08:00 is outside shift s1\'s hours (08:00–12:00 local, give or take 30 min)'],
    _schema: ['something odd'],
  }

  it('keys each reason as the form does, translated to a code', () => {
    const errors = refusalErrors(refusal)
    expect(Object.fromEntries(Object.entries(errors).map(([k, r]) => [k, r.code]))).toEqual({
      'answers.test_status': 'required',
      'answers.people_present': 'above_max',
      'answers.gone': 'unknown',
      people_found: 'server',
      'corrections.0.id_number': 'id_check',
      shift_key: 'shift_required',
      visited_at: 'shift_hours',
      visit: 'server',
    })
    expect(errors['answers.people_present'].params).toEqual({ max: 200 })
    expect(errors.people_found.params).toEqual({ text: 'Must be less than or equal to 200.' })
  })

  it('places a reason beside its field when the form shows that field, else on top', () => {
    const form = reached({ arrived_recently: false })
    form.corrections = [{ kind: 'new_resident', name: '', gender: null, id_number: '' }]
    const shown = new Set(['people_present', 'arrived_recently', 'test_status'])
    const placed = Object.keys(refusalErrors(refusal)).filter((k) => isPlaced(k, shown, form))
    expect(placed.sort()).toEqual(['answers.people_present', 'answers.test_status', 'corrections.0.id_number', 'people_found', 'shift_key'])
    expect(questionOf('answers.test_status')).toBe('test_status')
    expect(questionOf('people_found')).toBeNull()
    // not reached: the head count and corrections are not on the form any more
    expect(isPlaced('people_found', shown, { ...form, outcome: 'not_home' })).toBe(false)
    expect(isPlaced('corrections.0.id_number', shown, { ...form, outcome: 'not_home' })).toBe(false)
  })

  it('finds the value a reason is about, so it goes once the field changes', () => {
    const form = reached({ test_status: 'pending' })
    form.corrections = [{ kind: 'new_resident', name: 'x', gender: null, id_number: '123' }]
    expect(valueAt(form, 'answers.test_status')).toBe('pending')
    expect(valueAt(form, 'answers.constructor')).toBeUndefined()
    expect(valueAt(form, 'corrections.0.id_number')).toBe('123')
    expect(valueAt(form, 'corrections.3.id_number')).toBeUndefined()
    expect(valueAt(form, 'shift_key')).toBe('in_person')
  })

  it('knows answers\' reasons by the service\'s words', () => {
    expect(serverReason('answers.x', 'not asked: only when a is yes').code).toBe('not_asked')
    expect(serverReason('answers.x', 'must be at least 1').params).toEqual({ min: 1 })
    expect(serverReason('answers.x', 'must be at most 1000 characters')).toEqual({ code: 'too_long', params: { max: 1000 } })
    expect(serverReason('visited_at', 'something new')).toEqual({ code: 'server', params: { text: 'something new' } })
    // the request schema's words, for what it checks before the rules
    expect(serverReason('people_found', 'Must be greater than or equal to 0 and less than or equal to 200.')).toEqual({ code: 'range', params: { min: 0, max: 200 } })
    expect(serverReason('corrections.0.name', 'Longer than maximum length 50.')).toEqual({ code: 'too_long', params: { max: 50 } })
  })
})
