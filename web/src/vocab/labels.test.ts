import { describe, expect, it } from 'vitest'
import * as codes from './codes'
import { LABELS } from './labels'

describe('vocabulary labels', () => {
  for (const [locale, lists] of Object.entries(LABELS)) {
    for (const [list, labels] of Object.entries(lists)) {
      it(`${locale} labels every code of ${list}`, () => {
        const expected = (codes as Record<string, readonly string[]>)[list]
        expect(expected, `${list} is not a vocabulary of services/common/vocab.py`).toBeDefined()
        expect(Object.keys(labels).sort()).toEqual([...expected].sort())
      })
    }
  }
})
