/**
 * The running API the end-to-end run talks to: CHANGAI_API_URL, started in the Development environment (WeChat
 * simulator and demo data on). tests/miniprogram.sh starts one on a fresh database.
 */

const config = require('../../utils/config')

const apiUrl = (process.env.CHANGAI_API_URL || '').replace(/\/$/, '')
if (!apiUrl) {
  throw new Error('Set CHANGAI_API_URL to a running API in the Development environment, e.g. CHANGAI_API_URL=http://127.0.0.1:5181 npm run e2e')
}

// The pages read the base URL from utils/config.js, as they do in WeChat.
config.baseUrl = apiUrl
// A lost answer is retried quickly; the retry itself is what is being tested, not the wait.
config.retryDelayMs = 50

/** Polls `check` until it returns something truthy (the API's jobs run on their own schedule). */
async function eventually(check, { timeoutMs = 30000, everyMs = 500, what = 'condition' } = {}) {
  const started = Date.now()
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/**
 * An officer talking to the API directly, for what the officer console does (creating a course, showing the check-in
 * code on a screen), which the mini-program has no page for.
 * @param {string} username a demo officer, password Demo@2026yn
 */
async function officerHttp(username) {
  const login = await fetch(apiUrl + '/api/auth/officer-login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo@2026yn' }),
  })
  if (!login.ok) throw new Error(`officer login ${username}: ${login.status} ${await login.text()}`)
  const { accessToken } = await login.json()
  const call = async (method, route, body) => {
    const response = await fetch(apiUrl + route, {
      method,
      headers: Object.assign({ Authorization: 'Bearer ' + accessToken }, body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`)
    return response
  }
  return {
    post: async (route, body) => (await call('POST', route, body === undefined ? {} : body)).json(),
    /** @returns {Promise<{ contentType: string, bytes: Buffer }>} */
    bytes: async (route) => {
      const response = await call('GET', route)
      return { contentType: response.headers.get('content-type') || '', bytes: Buffer.from(await response.arrayBuffer()) }
    },
  }
}

module.exports = { apiUrl, eventually, officerHttp }
