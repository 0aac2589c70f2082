// Chinese first and complete, English complete: both languages name the same keys, and
// every reason the app or the service can give has a message in each.
import { describe, expect, it } from 'vitest'
import capture from './messages'
import tasks from '../tasks/messages'

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort()
}

// every code CaptureReason can carry (src/questionnaire/validate.ts and ./reasons.ts)
const CODES = [
  'schema', 'unknown', 'required', 'choose_one', 'not_asked', 'not_boolean', 'not_number', 'not_integer', 'below_min',
  'above_max', 'not_option', 'not_list', 'bad_option', 'duplicate', 'not_date', 'not_real_date', 'not_text', 'too_long',
  'id_format', 'id_check', 'id_same', 'name_required', 'name_long', 'shift_required', 'shift_hours', 'not_on_shift',
  'shift_other', 'future', 'outside_campaign', 'only_reached', 'not_resident', 'moved_twice', 'outcome_required',
  'resident_required', 'household_unknown', 'version', 'kind_required', 'category_required', 'too_long_note', 'range',
  'unknown_field', 'out_of_scope', 'server',
]

describe('messages', () => {
  it('say the same things in Chinese and English', () => {
    expect(keys(capture.en)).toEqual(keys(capture['zh-CN']))
    expect(keys(tasks.en)).toEqual(keys(tasks['zh-CN']))
  })

  it('have a message for every reason code', () => {
    for (const locale of [capture['zh-CN'], capture.en]) {
      expect(Object.keys(locale.capture.reason).sort()).toEqual([...CODES].sort())
    }
  })
})
