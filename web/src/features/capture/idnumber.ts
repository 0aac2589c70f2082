// The ID number rule of GB 11643 as services/common/identity.py applies it: 17 digits and
// a check character computed from them, so a mistyped number is caught on the phone, not
// after the visit was sent. The number is sealed by the visits service on arrival and
// never shown again; the app keeps it only in the pending visit until it is sent.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

export function idCheckDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

export type IdProblem = 'id_format' | 'id_check'

/** Why the number is unacceptable (as the service would say), or null. */
export function idNumberProblem(value: string): IdProblem | null {
  const v = value.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(v)) return 'id_format'
  return idCheckDigit(v.slice(0, 17)) === v[17] ? null : 'id_check'
}

/** As it is sent: trimmed, a final x upper-cased (the service does the same). */
export function normalIdNumber(value: string): string {
  return value.trim().toUpperCase()
}
