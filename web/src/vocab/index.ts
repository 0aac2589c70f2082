// Codes from services/common/vocab.py (./codes.ts, generated) and their labels
// (./labels.ts), registered as i18n messages `vocab.<LIST>.<code>`.
import { i18n } from '@/i18n'
import type { Vocabulary } from './labels'

export * from './codes'
export type { Vocabulary } from './labels'

/** The label of a code in the current language; the code itself when unknown. */
export function label(list: Vocabulary, code: string | null | undefined): string {
  if (!code) return ''
  const key = `vocab.${list}.${code}`
  const g = i18n.global as unknown as { te(k: string): boolean; t(k: string): string }
  return g.te(key) ? g.t(key) : code
}
