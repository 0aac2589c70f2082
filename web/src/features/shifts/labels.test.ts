import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '@/i18n'
import { attendanceText, dayText, halfText, placeText, taskKindsText } from './labels'
import { addDays, byTime, dayLabel, hhmm, localDay, setAppZone, shiftHours } from './time'
import { checkinUrl, parseCheckinQr } from './qr'

const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {})

afterEach(() => setLocale('zh-CN'))
// the field's zone, whatever the zone of the machine running the tests
beforeAll(() => setAppZone('Asia/Shanghai'))
afterAll(() => setAppZone(undefined))

describe('days', () => {
  it('names today and tomorrow, then the weekday with the date', () => {
    expect(dayText(t, '2026-12-08', '2026-12-08')).toBe('今天 12月8日')
    expect(dayText(t, '2026-12-09', '2026-12-08')).toBe('明天 12月9日')
    expect(dayText(t, '2026-12-10', '2026-12-08')).toBe('周四 12月10日')
    expect(dayText(t, '2026-12-13', '2026-12-08')).toBe('周日 12月13日')
  })

  it('crosses months and years', () => {
    expect(dayLabel('2027-01-01', '2026-12-31').kind).toBe('tomorrow')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
  })

  it('says them in English too', () => {
    setLocale('en')
    expect(dayText(t, '2026-12-08', '2026-12-08')).toBe('Today 8/12')
    expect(dayText(t, '2026-12-10', '2026-12-08')).toBe('Thu 10/12')
  })

  it('reads the day and hour in the field\'s zone', () => {
    // 2026-12-07T16:30Z is already the 8th, 00:30, in Asia/Shanghai
    expect(localDay(new Date('2026-12-07T16:30:00Z'))).toBe('2026-12-08')
    expect(hhmm('2026-12-08T00:03:00Z')).toBe('08:03')
    expect(hhmm(null)).toBe('')
  })
})

describe('halves', () => {
  it('the usual hours of a half', () => {
    expect(halfText(t, { half: 'am' })).toBe('上午 08:00–12:00')
    expect(halfText(t, { half: 'pm' })).toBe('下午 14:00–18:00')
    expect(halfText(t, { half: 'day' })).toBe('全天 08:00–18:00')
  })

  it('the shift\'s own hours when the answer has them', () => {
    expect(shiftHours({ half: 'am', starts_at: '2026-12-08T01:00:00Z', ends_at: '2026-12-08T03:30:00Z' })).toEqual(['09:00', '11:30'])
    expect(halfText(t, { half: 'am', starts_at: '2026-12-08T01:00:00Z', ends_at: '2026-12-08T03:30:00Z' })).toBe('上午 09:00–11:30')
  })

  it('an unknown half as it came', () => {
    expect(halfText(t, { half: 'night' })).toBe('night')
  })

  it('orders shifts by day, then morning, whole day, afternoon', () => {
    const s = (day: string, half: string) => ({ day, half, place_code: 'g' })
    const list = [s('2026-12-09', 'am'), s('2026-12-08', 'pm'), s('2026-12-08', 'am'), s('2026-12-08', 'day')]
    expect(list.sort(byTime).map((x) => `${x.day.slice(8)}${x.half}`)).toEqual(['08am', '08day', '08pm', '09am'])
  })
})

describe('a card\'s other lines', () => {
  it('place: the grid\'s name, else the place code', () => {
    expect(placeText({ place_code: '440106001001', grid_name: '天河一网格' })).toBe('天河一网格')
    expect(placeText({ place_code: '440106001001' })).toBe('440106001001')
  })

  it('task kinds by their labels, unknown ones as they came', () => {
    expect(taskKindsText(t, ['door_to_door', 'publicity', 'something_new'])).toBe('入户排查、宣传引导、something_new')
  })

  it('my attendance at the server\'s times', () => {
    expect(attendanceText(t, { checked_in_at: '2026-12-08T00:03:00Z', checked_out_at: null })).toBe('已签到 08:03')
    expect(attendanceText(t, { checked_in_at: '2026-12-08T00:03:00Z', checked_out_at: '2026-12-08T04:01:00Z' })).toBe('已签到 08:03 · 已签退 12:01')
    expect(attendanceText(t, { checked_in_at: null, checked_out_at: null })).toBe('未签到')
  })
})

describe('check-in QR codes', () => {
  it('round trip of what the leader shows', () => {
    const url = checkinUrl('https://wangge.example', '2026-12-08/am/4401 06', '042917')
    expect(parseCheckinQr(url)).toEqual({ code: '042917', shift: '2026-12-08/am/4401 06' })
  })

  it('a bare code is a code', () => {
    expect(parseCheckinQr(' 123456 ')).toEqual({ code: '123456' })
  })

  it('anything else is not a check-in', () => {
    expect(parseCheckinQr('https://example.com/pay?code=123456')).toBeNull()
    expect(parseCheckinQr('https://wangge.example/checkin?shift=k&code=12345')).toBeNull()
    expect(parseCheckinQr('hello')).toBeNull()
  })
})
