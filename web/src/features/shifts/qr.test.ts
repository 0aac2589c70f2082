// The scanner reads what the leader's screen draws: a QR code made by `qrcode` from
// checkinUrl, decoded by jsQR from the pixels (as QrScanner.vue does with camera frames),
// gives back the shift and the code.
import { describe, expect, it } from 'vitest'
import QRCode from 'qrcode'
import jsQR from 'jsqr'
import { checkinUrl, parseCheckinQr } from './qr'

function pixels(text: string, scale = 4, margin = 4): { data: Uint8ClampedArray; side: number } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const side = (n + margin * 2) * scale
  const data = new Uint8ClampedArray(side * side * 4).fill(255)
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!qr.modules.get(y, x)) continue
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + margin) * scale + dy) * side + (x + margin) * scale + dx) * 4
          data[i] = data[i + 1] = data[i + 2] = 0
        }
      }
    }
  }
  return { data, side }
}

describe('a check-in QR code, drawn and read back', () => {
  it('gives the shift and the code', () => {
    const key = 'e2e-today:2026-12-08:am:440106001001G01'
    const { data, side } = pixels(checkinUrl('http://127.0.0.1:8000', key, '520466'))
    const read = jsQR(data, side, side, { inversionAttempts: 'dontInvert' })
    expect(read).not.toBeNull()
    expect(parseCheckinQr(read!.data)).toEqual({ shift: key, code: '520466' })
  })
})
