// A campaign questionnaire as the visits service serves it (GET
// /visits/questionnaires/{id}/{version}: what dump_questionnaire in
// services/visits/domain/questionnaire.py writes). The app renders and validates from
// this document alone, so a new version needs no new front-end code.

export type QuestionType = 'yes_no' | 'number' | 'single_choice' | 'multiple_choice' | 'date' | 'text'

/** Options come as plain values, or as {value, label} when they carry a display label. */
export type OptionDef = string | { value: string; label: string }

export interface QuestionDef {
  id: string
  type: QuestionType
  text: string
  required?: boolean
  section?: string
  options?: OptionDef[]
  when?: { question: string; equals: unknown }
  /** number questions: whole numbers unless false (the server's default is true) */
  integer?: boolean
  min?: number
  max?: number
}

export interface QuestionnaireDef {
  id: string
  version: number
  title: string
  description?: string
  questions: QuestionDef[]
}

/** An answer as JSON carries it: booleans, numbers, strings (dates YYYY-MM-DD), lists. */
export type Answer = boolean | number | string | string[] | null
export type Answers = Record<string, unknown>

export interface Option {
  value: string
  label: string
}

export function optionsOf(q: QuestionDef): Option[] {
  return (q.options ?? []).map((o) => (typeof o === 'string' ? { value: o, label: o } : { value: o.value, label: o.label }))
}

export function optionValues(q: QuestionDef): string[] {
  return optionsOf(q).map((o) => o.value)
}

export interface Section {
  title: string
  questions: QuestionDef[]
}

/** Questions grouped by their section title, in the document's order (consecutive
 *  questions of one section form one group; a flat questionnaire is one untitled group). */
export function sectionsOf(def: QuestionnaireDef): Section[] {
  const out: Section[] = []
  for (const q of def.questions) {
    const title = q.section ?? ''
    const last = out[out.length - 1]
    if (last && last.title === title) last.questions.push(q)
    else out.push({ title, questions: [q] })
  }
  return out
}
