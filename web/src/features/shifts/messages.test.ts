import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import shifts from './messages'
import requests from '../requests/messages'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- nested message trees
function keys(tree: any, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe.each([['shifts', shifts], ['requests', requests]])('%s messages', (_name, messages) => {
  it('English says everything Chinese says', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort())
  })

  it('every message compiles in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of keys(messages[locale])) {
        const text = i18n.global.t(key, {}, { locale })
        expect(text, `${locale} ${key}`).not.toBe(key)
      }
    }
  })
})
