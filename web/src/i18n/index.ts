// Chinese first, English available. Each feature keeps its own messages beside its screens
// (src/features/<feature>/messages.ts exporting { 'zh-CN': {...}, en: {...} } under the
// feature's own top-level key), merged here.
import type { Ref } from 'vue'
import { createI18n } from 'vue-i18n'
import { common } from './common'
import { LABELS } from '../vocab/labels'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- nested message trees
type Messages = Record<string, Record<string, any>>
const modules = import.meta.glob<{ default: Messages }>('../features/*/messages.ts', { eager: true })

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
const STORED = 'wangge.locale'

function merged(): Messages {
  const out: Messages = {
    'zh-CN': { ...common['zh-CN'], vocab: LABELS['zh-CN'] },
    en: { ...common.en, vocab: LABELS.en },
  }
  for (const mod of Object.values(modules)) {
    for (const locale of LOCALES) Object.assign(out[locale], mod.default[locale] ?? {})
  }
  return out
}

function initial(): Locale {
  const stored = localStorage.getItem(STORED)
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initial(),
  fallbackLocale: 'zh-CN',
  messages: merged(),
})

export function setLocale(locale: Locale): void {
  ;(i18n.global.locale as unknown as Ref<string>).value = locale
  localStorage.setItem(STORED, locale)
  document.documentElement.lang = locale
}
