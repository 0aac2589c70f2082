// The form's value under a field key as the service names it ("answers.test_status",
// "corrections.0.id_number", "people_found"): a refused field's reason is shown while the
// field still holds what was refused, and goes once it is changed.
import type { CaptureForm } from './form'

export function valueAt(form: CaptureForm, key: string): unknown {
  if (key === 'shift_key') return form.method // corrected by choosing phone or video
  if (key.startsWith('answers.')) {
    const id = key.slice('answers.'.length)
    // Object.keys, not hasOwnProperty: a reactive form tracks keys listed, so an answer
    // added later (the usual fix of "required") is seen
    return Object.keys(form.answers).includes(id) ? form.answers[id] : undefined
  }
  let at: unknown = form
  for (const part of key.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.keys(at).includes(part)) return undefined
    at = (at as Record<string, unknown>)[part]
  }
  return at
}
