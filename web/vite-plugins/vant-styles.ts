// Each module that imports components from 'vant' also imports those components' own CSS
// (vant/es/<component>/style), instead of the app loading all of Vant's CSS (≈50 kB
// gzipped) before its first screen: a page's CSS comes with the page's chunk. Helpers
// (showToast, showConfirmDialog) bring the CSS of the component they open.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Plugin } from 'vite'

const IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"]vant['"]/g
const HELPERS: Record<string, string> = {
  showToast: 'toast', showLoadingToast: 'toast', showSuccessToast: 'toast', showFailToast: 'toast',
  closeToast: 'toast', showDialog: 'dialog', showConfirmDialog: 'dialog', closeDialog: 'dialog',
  showNotify: 'notify', closeNotify: 'notify', showImagePreview: 'image-preview',
}

export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}

/** The style modules of the names a module imports from 'vant'. */
export function styleImports(code: string, exists: (dir: string) => boolean): string[] {
  const dirs = new Set<string>()
  for (const match of code.matchAll(IMPORT)) {
    for (const item of match[1].split(',')) {
      const name = item.trim().split(/\s+as\s+/)[0].replace(/^type\s+/, '').trim()
      if (!name) continue
      const dir = HELPERS[name] ?? kebab(name)
      if (exists(dir)) dirs.add(dir)
    }
  }
  return [...dirs].sort().map((dir) => `vant/es/${dir}/style/index`)
}

export function vantStyles(): Plugin {
  const root = path.dirname(createRequire(import.meta.url).resolve('vant/package.json'))
  const exists = (dir: string) => existsSync(path.join(root, 'es', dir, 'style', 'index.mjs'))
  const srcDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../src') + path.sep
  return {
    name: 'wangge-vant-styles',
    enforce: 'post',
    // unit tests (jsdom) need no styles, and Node cannot import CSS from node_modules
    apply: () => !process.env.VITEST,
    transform(code, id) {
      const file = id.split('?')[0]
      if (!file.startsWith(srcDir) || !/\.(vue|ts)$/.test(file) || !code.includes('vant')) return null
      const styles = styleImports(code, exists)
      if (!styles.length) return null
      return { code: styles.map((s) => `import '${s}'`).join('\n') + '\n' + code, map: null }
    },
  }
}
