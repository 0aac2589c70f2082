// The visits service's reasons (English, for API users) as codes the app says in Chinese.
// Answers' reasons are those of validate_answers (the same table as
// web/scripts/questionnaire_vectors.py); the others are the capture rules' most common
// ones (services/visits/domain/visit_checks.py, reconcile.py, services/common/identity.py).
// A reason not known here is shown as the service wrote it.
import type { Reason, ReasonCode } from '@/questionnaire/validate'

export type CaptureCode =
  | ReasonCode
  | 'id_format' | 'id_check' | 'id_same' | 'name_required' | 'name_long'
  | 'shift_required' | 'shift_hours' | 'not_on_shift' | 'shift_other' | 'future' | 'outside_campaign'
  | 'only_reached' | 'not_resident' | 'moved_twice' | 'outcome_required' | 'resident_required'
  | 'household_unknown' | 'version' | 'kind_required' | 'category_required' | 'too_long_note'
  | 'range' | 'unknown_field' | 'out_of_scope' | 'server'

export interface CaptureReason {
  code: CaptureCode
  params?: Record<string, string | number>
}

const ANSWER_REASONS: [RegExp, ReasonCode][] = [
  [/^answers must be a mapping/, 'schema'],
  [/^unknown question for /, 'unknown'],
  [/^not asked: only when /, 'not_asked'],
  [/^choose at least one/, 'choose_one'],
  [/^required/, 'required'],
  [/^must be true or false/, 'not_boolean'],
  [/^must be a number/, 'not_number'],
  [/^must be a whole number/, 'not_integer'],
  [/^must be at least /, 'below_min'],
  [/characters/, 'too_long'],
  [/^must be at most /, 'above_max'],
  [/^must be one of: /, 'not_option'],
  [/^must be a list of options/, 'not_list'],
  [/is not an option; /, 'bad_option'],
  [/^lists an option twice/, 'duplicate'],
  [/^is not a real date/, 'not_real_date'],
  [/^must be a date written/, 'not_date'],
  [/^must be text/, 'not_text'],
]

const OTHER_REASONS: [RegExp, CaptureCode][] = [
  [/check digit does not match/, 'id_check'],
  [/must be 18 characters/, 'id_format'],
  [/^same person as corrections/, 'id_same'],
  [/^required for an in-person visit/, 'shift_required'],
  [/^required: household .* follow-up/, 'shift_required'],
  [/is outside shift .*hours/, 'shift_hours'],
  [/is not on shift/, 'not_on_shift'],
  [/^(unknown shift|shift .* (was cancelled|is not a door_to_door|is in grid|is on))/, 'shift_other'],
  [/is in the future/, 'future'],
  [/outside the campaign's period/, 'outside_campaign'],
  [/^only (a reached household|counted when the household is reached)/, 'only_reached'],
  [/^not a resident of this household/, 'not_resident'],
  [/^already moved out by/, 'moved_twice'],
  [/^(unknown household|household .* is not in campaign)/, 'household_unknown'],
  [/^campaign .* uses version/, 'version'],
  [/^(required|Missing data for required field)/, 'required'],
  [/^must be non-empty text/, 'name_required'],
  [/outside this token's scope|captures only as themselves|reads only their own/, 'out_of_scope'],
]

/** A reason of the service for one field, as a code (with what its message needs). */
export function serverReason(field: string, text: string): CaptureReason {
  const table: [RegExp, CaptureCode][] = field.startsWith('answers.') ? [...ANSWER_REASONS, ...OTHER_REASONS] : OTHER_REASONS
  for (const [pattern, code] of table) {
    if (!pattern.test(text)) continue
    const n = /(-?\d+(?:\.\d+)?)/.exec(text)?.[1]
    if (code === 'below_min' && n) return { code, params: { min: Number(n) } }
    if ((code === 'above_max' || code === 'too_long') && n) return { code, params: { max: Number(n) } }
    return { code }
  }
  // the request schema's own words (marshmallow), for fields it checks before the rules
  const range = /^Must be greater than or equal to (-?[\d.]+) and less than or equal to (-?[\d.]+)/.exec(text)
  if (range) return { code: 'range', params: { min: Number(range[1]), max: Number(range[2]) } }
  const longer = /^Longer than maximum length (\d+)/.exec(text)
  if (longer) return { code: 'too_long', params: { max: Number(longer[1]) } }
  if (/^Missing data for required field/.test(text)) return { code: 'required' }
  if (/^Unknown field/.test(text)) return { code: 'unknown_field' }
  if (/^Not a valid integer/.test(text)) return { code: 'not_integer' }
  if (/^Must be one of: /.test(text)) return { code: 'not_option' }
  const limit = /^must be at most (\d+)/.exec(text) // people_found, notes (schema limits)
  if (limit) return { code: 'above_max', params: { max: Number(limit[1]) } }
  const floor = /^must be at least (-?\d+)/.exec(text)
  if (floor) return { code: 'below_min', params: { min: Number(floor[1]) } }
  return { code: 'server', params: { text } }
}

export function fromAnswerReason(r: Reason): CaptureReason {
  return { code: r.code, params: r.params }
}
