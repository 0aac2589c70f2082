// Checking in or out with a code (typed, scanned, or from the QR's address): the time
// shown is the one the server recorded, a refusal is the service's reason in words.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { explain } from '@/api/reasons'
import { checkIn, type CheckinKind } from './api'
import { CODE } from './qr'
import { hhmm } from './time'
import type { CheckinAnswer } from './types'

export function useCheckin() {
  const { t } = useI18n()
  const busy = ref<CheckinKind | null>(null)
  const result = ref('')
  const error = ref('')
  const answer = ref<CheckinAnswer | null>(null)

  async function submit(code: string, kind: CheckinKind, shiftKey?: string): Promise<CheckinAnswer | null> {
    result.value = ''
    error.value = ''
    if (!CODE.test(code)) {
      error.value = t('shifts.codeInvalid')
      return null
    }
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      error.value = t('shifts.offlineCheckin')
      return null
    }
    busy.value = kind
    try {
      const got = await checkIn(code, kind, shiftKey)
      answer.value = got
      const at = kind === 'in' ? got.checked_in_at : got.checked_out_at
      result.value = t(kind === 'in' ? 'shifts.checkinDone' : 'shifts.checkoutDone', { time: hhmm(at) })
      return got
    } catch (exc) {
      error.value = explain(exc, t)
      return null
    } finally {
      busy.value = null
    }
  }

  return { busy, result, error, answer, submit }
}
