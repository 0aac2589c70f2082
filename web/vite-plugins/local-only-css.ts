// Fonts in the CSS, for an app that must work on an intranet and load fast on a weak signal.
// - Vant's icon font lists a remote fallback (//at.alicdn.com/…woff) after its inlined
//   woff2; the gateway's CSP allows fonts only from 'self' and data:, so every remote url()
//   is dropped.
// - In a build, the inlined woff2 (≈40 kB of base64 inside the CSS that blocks the first
//   screen) becomes its own hashed file under /assets/, fetched alongside and kept by the
//   browser and the service worker.
import { createHash } from 'node:crypto'
import type { Plugin } from 'vite'

const REMOTE_SOURCE = /,\s*url\(\s*["']?(?:https?:)?\/\/[^)]*\)\s*format\(\s*["'][^"']*["']\s*\)/g
const INLINE_WOFF2 = /url\(\s*["']?data:font\/woff2;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)["']?\s*\)/g

export function stripRemoteCssSources(css: string): string {
  return css.replace(REMOTE_SOURCE, '')
}

export function localOnlyCss(): Plugin {
  let build = false
  const fonts = new Map<string, Buffer>()
  return {
    name: 'wangge-local-only-css',
    enforce: 'pre',
    configResolved(config) {
      build = config.command === 'build' && !process.env.VITEST
    },
    transform(code, id) {
      if (!id.split('?')[0].endsWith('.css')) return null
      let out = stripRemoteCssSources(code)
      if (build) {
        out = out.replace(INLINE_WOFF2, (_all, data: string) => {
          const bytes = Buffer.from(data, 'base64')
          const name = `assets/font-${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.woff2`
          fonts.set(name, bytes)
          return `url(/${name})`
        })
      }
      return out === code ? null : { code: out, map: null }
    },
    generateBundle() {
      for (const [fileName, source] of fonts) this.emitFile({ type: 'asset', fileName, source })
    },
  }
}
