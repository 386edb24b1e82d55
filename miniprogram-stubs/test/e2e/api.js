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

module.exports = { apiUrl, eventually }
