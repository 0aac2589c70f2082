import { describe, expect, it } from 'vitest'
import { kebab, styleImports } from './vant-styles'
import { stripRemoteCssSources } from './local-only-css'

describe('vant styles per module', () => {
  const known = new Set(['button', 'cell-group', 'tabbar-item', 'toast', 'dialog', 'nav-bar'])
  it('names the style module of each imported component and helper', () => {
    const code = `import { Button as VanButton, CellGroup, TabbarItem as Item, showToast, showConfirmDialog, type FieldRule } from 'vant'`
    expect(styleImports(code, (d) => known.has(d))).toEqual([
      'vant/es/button/style/index', 'vant/es/cell-group/style/index', 'vant/es/dialog/style/index',
      'vant/es/tabbar-item/style/index', 'vant/es/toast/style/index'])
  })
  it('skips names without a style and other packages', () => {
    expect(styleImports(`import { useRoute } from 'vue-router'\nimport { Locale } from 'vant'`, (d) => known.has(d))).toEqual([])
  })
  it('writes component names as Vant folders', () => {
    expect(kebab('NavBar')).toBe('nav-bar')
    expect(kebab('PullRefresh')).toBe('pull-refresh')
  })
})

describe('local-only CSS', () => {
  it('drops remote font sources and keeps the inlined one', () => {
    const css = '@font-face{src:url(data:font/woff2;base64,AAAA) format("woff2"),url(//at.alicdn.com/x.woff?t=1) format("woff")}'
    expect(stripRemoteCssSources(css)).toBe('@font-face{src:url(data:font/woff2;base64,AAAA) format("woff2")}')
  })
})
