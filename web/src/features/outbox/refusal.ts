// A refused visit's reasons as lines a volunteer can act on: which part of the visit
// (in their language) and why (the capture screen's translation of the visits service's
// reasons, src/features/capture/reasons.ts; the service's own text when not known).
import { ApiError } from '@/api/errors'
import { explain } from '@/api/reasons'
import { serverReason } from '@/features/capture/reasons'
import type { PendingVisit } from '@/offline/types'

type Translate = (key: string, params?: Record<string, unknown>) => string
type Known = (key: string) => boolean

export interface RefusalLine {
  /** the payload field as the service named it (answers.q1, corrections.0.name), or null */
  field: string | null
  label: string
  text: string
}

/** A question's text by its id (from the questionnaires kept on the device). */
export type QuestionText = (id: string) => string | undefined

export function fieldLabel(field: string, t: Translate, te: Known, question?: QuestionText): string {
  const [top, ...rest] = field.split('.')
  const base = te(`outbox.field.${top}`) ? t(`outbox.field.${top}`) : top
  if (!rest.length) return base
  const text = top === 'answers' && rest.length === 1 ? question?.(rest[0]) : undefined
  if (text) return text
  // corrections.0.name → "人员变更 1"; answers.q_fever → "问卷 · q_fever"
  const index = /^\d+$/.test(rest[0]) ? ` ${Number(rest[0]) + 1}` : ` · ${rest.join('.')}`
  return `${base}${index}`
}

export function refusalLines(refusal: NonNullable<PendingVisit['refusal']>, t: Translate, te: Known, question?: QuestionText): RefusalLine[] {
  const lines: RefusalLine[] = []
  for (const [field, reasons] of Object.entries(refusal.fields)) {
    for (const text of reasons) {
      const reason = serverReason(field, text)
      const key = `capture.reason.${reason.code}`
      lines.push({ field, label: fieldLabel(field, t, te, question), text: te(key) ? t(key, reason.params) : text })
    }
  }
  if (!lines.length) {
    lines.push({ field: null, label: '', text: explain(new ApiError(refusal.status, refusal.message, refusal.fields), t) })
  }
  return lines
}
