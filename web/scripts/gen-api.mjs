// Types of the API client, generated from the services' published OpenAPI documents
// (docs/openapi/*.json, themselves generated from the services' routes by `make contracts`).
// `node scripts/gen-api.mjs --check` fails when the committed types are not what the
// documents give, so the app cannot drift from the contracts.
import { readFile, writeFile, readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'

const here = path.dirname(fileURLToPath(import.meta.url))
const docs = path.resolve(here, '../../docs/openapi')
const out = path.resolve(here, '../src/api/schema')
const check = process.argv.includes('--check')

const stale = []
for (const file of (await readdir(docs)).filter((f) => f.endsWith('.json')).sort()) {
  const service = file.replace(/\.json$/, '')
  const doc = JSON.parse(await readFile(path.join(docs, file), 'utf8'))
  const ast = await openapiTS(doc, { alphabetize: true })
  const text = `// Generated from docs/openapi/${file} by scripts/gen-api.mjs: do not edit.\n` +
    astToString(ast)
  const target = path.join(out, `${service}.ts`)
  const current = await readFile(target, 'utf8').catch(() => null)
  if (current === text) continue
  if (check) stale.push(target)
  else await writeFile(target, text)
}
if (stale.length) {
  console.error(`API types out of date with docs/openapi: ${stale.join(', ')}\n` +
    'run `npm run api` in web/ and commit the result')
  process.exit(1)
}
