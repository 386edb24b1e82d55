/**
 * The mini-program's calls checked against the API's own OpenAPI document (/openapi/v1.json of the running API): every
 * path and method it calls exists, every field it sends in a body is one the operation's schema knows, and every query
 * parameter is documented. A renamed route or field fails here instead of in a worker's hands.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { apiUrl } = require('./api')

const ROOT = path.join(__dirname, '..', '..')

/** Every call the api/ modules make, recorded by a stand-in for utils/request (loaded before them, so they bind to it). */
function recordApiModuleCalls() {
  const requestModule = require('../../utils/request')
  const calls = []
  const real = { request: requestModule.request, upload: requestModule.upload }
  requestModule.request = async (options) => { calls.push({ method: options.method || 'GET', url: options.url, data: options.data, from: current }) }
  requestModule.upload = async (options) => { calls.push({ method: 'POST', url: options.url, data: undefined, from: current }) }
  let current = ''
  try {
    for (const file of fs.readdirSync(path.join(ROOT, 'api')).filter((f) => f.endsWith('.js'))) {
      const api = require(path.join(ROOT, 'api', file))
      for (const [name, fn] of Object.entries(api)) {
        if (typeof fn !== 'function') continue
        current = `api/${file} ${name}`
        // Placeholder arguments: ids become path segments P0, P1 …; objects and arrays are what the pages pass.
        const args = Array.from({ length: Math.max(fn.length, 3) }, (_, i) => `P${i}`)
        try { fn(...args) } catch { /* a helper that is not a call (parseCheckInCode …) */ }
      }
    }
  } finally {
    Object.assign(requestModule, real)
  }
  return calls
}

/** `request({ url: '/api/…', method: 'POST' …})` written anywhere else (utils/auth.js, utils/subscribe.js, pages). */
function literalCalls() {
  const files = []
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'test', 'vendor', 'api'].includes(entry.name)) continue
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.js')) files.push(full)
    }
  }
  walk(ROOT)
  const calls = []
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8')
    for (const match of text.matchAll(/['`](\/api\/[^'`]*)['`](?:\s*,\s*method:\s*'(\w+)')?/g)) {
      calls.push({ method: match[2] || null, url: match[1], from: path.relative(ROOT, file) })
    }
  }
  return calls
}

function resolve(doc, schema) {
  for (let i = 0; i < 10 && schema && schema.$ref; i++) schema = doc.components.schemas[schema.$ref.split('/').pop()]
  return schema || {}
}

function findOperation(doc, method, url) {
  const bare = url.split('?')[0]
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$')
    if (!pattern.test(bare)) continue
    if (!method) return { template, operation: Object.values(item)[0] }
    const operation = item[method.toLowerCase()]
    if (operation) return { template, operation }
  }
  return null
}

test('every call the mini-program makes is an operation of the OpenAPI document, with fields it documents', async () => {
  const response = await fetch(apiUrl + '/openapi/v1.json')
  assert.equal(response.status, 200)
  const doc = await response.json()

  const recorded = recordApiModuleCalls()
  assert.ok(recorded.length >= 40, `only ${recorded.length} calls recorded from api/`)
  const problems = []
  for (const call of recorded) {
    const found = findOperation(doc, call.method, call.url)
    if (!found) { problems.push(`${call.from}: ${call.method} ${call.url} is not in the document`); continue }
    const { operation, template } = found
    const data = call.data && typeof call.data === 'object' && !Array.isArray(call.data) ? call.data : null
    if (!data) continue
    // A placeholder string spread into an object ({ ...query }) leaves keys 0, 1: not fields the page sends.
    for (const key of Object.keys(data)) if (/^\d+$/.test(key)) delete data[key]
    if (call.method === 'GET') {
      const names = (operation.parameters || []).filter((p) => p.in === 'query').map((p) => p.name.toLowerCase())
      for (const key of Object.keys(data)) {
        if (!names.includes(key.toLowerCase())) problems.push(`${call.from}: GET ${template} sends query '${key}', not documented`)
      }
    } else {
      const schema = resolve(doc, operation.requestBody?.content?.['application/json']?.schema)
      const known = Object.keys(schema.properties || {})
      for (const key of Object.keys(data)) {
        if (!known.includes(key) && !schema.additionalProperties) problems.push(`${call.from}: ${call.method} ${template} sends '${key}', not in its schema (${known.join(', ') || 'no body'})`)
      }
    }
  }

  for (const call of literalCalls()) {
    const url = call.url.endsWith('/') ? call.url + 'x' : call.url
    const matches = call.url.endsWith('/')
      ? Object.keys(doc.paths).some((p) => p.startsWith(call.url))
      : findOperation(doc, call.method, url) !== null
    if (!matches) problems.push(`${call.from}: ${call.method || 'any method'} ${call.url} is not in the document`)
  }

  assert.deepEqual(problems, [])
})
