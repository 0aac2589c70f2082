import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, NetworkError } from './errors'
import { explain, recognise, type ReasonPattern } from './reasons'

// what t() would say: the key and its parameters, so the tests read what was chosen
const t = (key: string, params?: Record<string, unknown>) => (params && Object.keys(params).length ? `${key} ${JSON.stringify(params)}` : key)

// the messages as services/dispatch/use_cases/attendance.py words them
const BEFORE_IN = '2026-12-08T07:10:00+08:00 is before the check-in window of shift 2026-12-08-am-440106001001 opens (2026-12-08 07:30–12:00 local)'
const BEFORE_OUT = '2026-12-08T09:00:00+08:00 is before the check-out window of shift K1 opens (2026-12-08 11:30–12:30 local)'
const ENDED = '2026-12-08T12:05:00+08:00 is after shift K1 ended (2026-12-08 07:30–12:00 local): a check-in after the end is a correction with a reason (POST /shifts/K1/attendance-corrections)'
const OUT_CLOSED = '2026-12-08T13:00:00+08:00 is after the check-out window of shift K1 closed (2026-12-08 11:30–12:30 local)'

// and as services/dispatch/domain/checkin_codes.py words a code check-in's (server time)
const CODE_OPENS = 'the check-in of shift 2026-12-08-am-g1 opens at 07:30 (2026-12-08, local time)'
const CODE_OUT_OPENS = 'the check-out of shift K1 opens at 11:30 (2026-12-08, local time)'
const CODE_ENDED = 'shift K1 ended at 12:00 (2026-12-08, local time): a check-in after the end is a correction by the unit\'s coordinator or the community'
const CODE_OUT_CLOSED = 'the check-out of shift K1 closed at 12:30 (2026-12-08, local time)'
const NO_SUCH_CODE = 'no shift of yours has this check-in code now: ask the shift\'s leader for the code on their screen (it changes every few minutes)'
const NOT_THIS_SHIFT = "is not this shift's check-in code now: ask the shift's leader for the code on their screen (it changes every few minutes)"

// "today" is a day before the messages' shifts unless a test says otherwise
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(2026, 11, 7, 9, 0))
})
afterEach(() => vi.useRealTimers())

describe('recognise', () => {
  it('reads when the check-in window opens, with the day when it is not today', () => {
    expect(recognise([BEFORE_IN])).toEqual({ key: 'shifts.reason.checkinOpensAt', params: { day: '2026-12-08', opens: '07:30', closes: '12:00', when: '2026-12-08 07:30' } })
    expect(recognise([CODE_OPENS])).toMatchObject({ key: 'shifts.reason.checkinOpensAt', params: { opens: '07:30', when: '2026-12-08 07:30' } })
    vi.setSystemTime(new Date(2026, 11, 8, 12, 0)) // noon of the 8th on this machine
    expect(recognise([CODE_OPENS])?.params.when).toBe('07:30')
  })

  it('reads a code check-in\'s windows at the server\'s time', () => {
    expect(recognise([CODE_OUT_OPENS])).toMatchObject({ key: 'shifts.reason.checkoutOpensAt', params: { opens: '11:30' } })
    expect(recognise([CODE_ENDED])).toMatchObject({ key: 'shifts.reason.ended', params: { closes: '12:00' } })
    expect(recognise([CODE_OUT_CLOSED])).toMatchObject({ key: 'shifts.reason.checkoutClosed', params: { closes: '12:30' } })
  })

  it('knows dispatch\'s code refusals', () => {
    expect(recognise([NO_SUCH_CODE])?.key).toBe('shifts.reason.unknownCode')
    expect(recognise([NOT_THIS_SHIFT])?.key).toBe('shifts.reason.unknownCode')
    expect(recognise(["must be the 6 digits the shift's leader shows"])?.key).toBe('shifts.codeInvalid')
    expect(recognise(['only a volunteer checks themself in with a check-in code (this token holds no volunteer grant)'], 403)?.key).toBe('shifts.reason.notVolunteer')
  })

  it('tells the check-out window from the check-in one', () => {
    expect(recognise([BEFORE_OUT])?.key).toBe('shifts.reason.checkoutOpensAt')
    expect(recognise([OUT_CLOSED])).toMatchObject({ key: 'shifts.reason.checkoutClosed', params: { closes: '12:30' } })
  })

  it('reads when the shift ended', () => {
    expect(recognise([ENDED])).toMatchObject({ key: 'shifts.reason.ended', params: { closes: '12:00' } })
  })

  it('knows a code for someone else\'s shift and an unknown code', () => {
    expect(recognise(['this code is for a shift you are not on'])?.key).toBe('shifts.reason.notYourShift')
    expect(recognise(['no shift of yours has this code'])?.key).toBe('shifts.reason.unknownCode')
    expect(recognise(['unknown code'])?.key).toBe('shifts.reason.unknownCode')
    expect(recognise(['the code is not valid now'])?.key).toBe('shifts.reason.unknownCode')
  })

  it('says not allowed only for a 403', () => {
    expect(recognise(['not allowed'], 403)?.key).toBe('shifts.reason.notAllowed')
    expect(recognise(['not allowed'], 400)).toBeNull()
  })

  it('knows nothing of other messages', () => {
    expect(recognise(['household 123 is not in grid 4401'])).toBeNull()
  })

  it('takes a feature\'s own patterns first', () => {
    const mine: ReasonPattern[] = [{ match: /household (?<h>\d+) is not in grid/, key: 'tasks.reason.otherGrid' }]
    expect(recognise(['household 123 is not in grid 4401'], 400, mine)).toEqual({ key: 'tasks.reason.otherGrid', params: { h: '123' } })
  })
})

describe('explain', () => {
  it('finds the reason in a field as well as in the message', () => {
    const e = new ApiError(409, 'conflict', { at: [BEFORE_IN] })
    expect(explain(e, t)).toBe('shifts.reason.checkinOpensAt {"day":"2026-12-08","opens":"07:30","closes":"12:00","when":"2026-12-08 07:30"}')
  })

  it('an unknown code refused on the code field', () => {
    expect(explain(new ApiError(400, 'invalid', { code: ['no scheduled shift of yours has this code now'] }), t)).toBe('shifts.reason.unknownCode')
  })

  it('falls back to the service\'s reasons, then its message, then the status', () => {
    expect(explain(new ApiError(400, 'invalid', { note: ['longer than 1000'] }), t)).toBe('longer than 1000')
    expect(explain(new ApiError(409, 'request R1 is closed'), t)).toBe('request R1 is closed')
    expect(explain(new ApiError(403, 'HTTP 403'), t)).toBe('error.forbidden')
    expect(explain(new ApiError(502, 'HTTP 502'), t)).toBe('error.server {"status":502}')
  })

  it('no answer at all is the network', () => {
    expect(explain(new NetworkError('TypeError: Failed to fetch'), t)).toBe('error.network')
  })
})
