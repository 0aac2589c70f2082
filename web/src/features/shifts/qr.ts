// What a check-in QR code holds: `${origin}/checkin?shift=<key>&code=<code>` (the grid
// leader's screen draws it). Only the code and the shift key are taken from it: the app
// never follows the address, so a code printed by anyone else opens nothing.
export interface CheckinQr {
  code: string
  shift?: string
}

export const CODE = /^\d{6}$/

export function checkinUrl(origin: string, shiftKey: string, code: string): string {
  return `${origin}/checkin?${new URLSearchParams({ shift: shiftKey, code })}`
}

export function parseCheckinQr(text: string): CheckinQr | null {
  const raw = text.trim()
  if (CODE.test(raw)) return { code: raw }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (!/\/checkin\/?$/.test(url.pathname)) return null
  const code = url.searchParams.get('code') ?? ''
  if (!CODE.test(code)) return null
  const shift = url.searchParams.get('shift') || undefined
  return shift ? { code, shift } : { code }
}
