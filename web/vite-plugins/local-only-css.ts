// Vant's icon font lists a remote fallback (//at.alicdn.com/…woff) after its inlined woff2.
// The app must work on an intranet with no internet and the gateway's CSP allows fonts
// only from 'self' and data:, so every remote url() is dropped from the CSS at build time
// (the inlined font stays; browsers that take woff2 never needed the fallback).
import type { Plugin } from 'vite'

const REMOTE_SOURCE = /,\s*url\(\s*["']?(?:https?:)?\/\/[^)]*\)\s*format\(\s*["'][^"']*["']\s*\)/g

export function stripRemoteCssSources(css: string): string {
  return css.replace(REMOTE_SOURCE, '')
}

export function localOnlyCss(): Plugin {
  return {
    name: 'wangge-local-only-css',
    enforce: 'pre',
    transform(code, id) {
      if (!id.split('?')[0].endsWith('.css') || !REMOTE_SOURCE.test(code)) return null
      REMOTE_SOURCE.lastIndex = 0
      return { code: stripRemoteCssSources(code), map: null }
    },
  }
}
