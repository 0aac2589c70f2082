// @vitest-environment node
// The build step that writes dist/sw.js: what it lists and how its version moves.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { serviceWorker } from '../../vite-plugins/service-worker'

const SRC = fileURLToPath(new URL('./sw.ts', import.meta.url))

async function build(bundle: Record<string, unknown>, publicDir: string): Promise<string> {
  const plugin = serviceWorker({ src: SRC }) as unknown as {
    configResolved(c: unknown): void
    generateBundle(this: unknown, o: unknown, b: unknown): Promise<void>
  }
  plugin.configResolved({ base: '/', publicDir })
  let out = ''
  await plugin.generateBundle.call({
    emitFile: (f: { fileName: string; source: string }) => {
      expect(f.fileName).toBe('sw.js')
      out = f.source
    },
    error: (m: string) => {
      throw new Error(m)
    },
  }, {}, bundle)
  return out
}

function listed(sw: string): { version: string; files: string[] } {
  const version = /const WG_VERSION = "([0-9a-f]+)"/.exec(sw)![1]
  const files = JSON.parse(/const WG_PRECACHE = (\[[\s\S]*?\]);/.exec(sw)![1]) as string[]
  return { version, files }
}

describe('the service worker build', () => {
  const publicDir = mkdtempSync(join(tmpdir(), 'wg-public-'))
  writeFileSync(join(publicDir, 'manifest.webmanifest'), '{}')
  writeFileSync(join(publicDir, 'icon.svg'), '<svg/>')
  const bundle = () => ({
    'index.html': { type: 'asset', source: '<html></html>' },
    'assets/index-abc.js': { type: 'chunk', code: 'console.log(1)' },
    'assets/index-abc.js.map': { type: 'asset', source: '{}' },
    'assets/index-def.css': { type: 'asset', source: 'body{}' },
  })

  it('lists every file of the build and the public ones, never itself or source maps', async () => {
    const sw = await build(bundle(), publicDir)
    expect(listed(sw).files).toEqual(['/assets/index-abc.js', '/assets/index-def.css', '/icon.svg', '/index.html', '/manifest.webmanifest'])
    // a classic script: no module syntax left, the handlers are there
    expect(sw).not.toMatch(/^\s*(import|export)\s/m)
    expect(sw).toContain("addEventListener(\"fetch\"")
    expect(sw).toMatch(/"\/visits"/)
  })

  it('has a new version when any file changes, the same one otherwise', async () => {
    const a = listed(await build(bundle(), publicDir)).version
    const b = listed(await build(bundle(), publicDir)).version
    const changed = { ...bundle(), 'assets/index-abc.js': { type: 'chunk', code: 'console.log(2)' } }
    const c = listed(await build(changed, publicDir)).version
    expect(a).toBe(b)
    expect(c).not.toBe(a)
  })

  it('refuses a build without index.html', async () => {
    const { 'index.html': _, ...rest } = bundle()
    void _
    await expect(build(rest, publicDir)).rejects.toThrow(/index.html/)
  })
})
