/**
 * Every call to our API goes through here.
 *
 * - The base URL comes from utils/config.js; tokens come from storage (utils/session.js), one session per role.
 * - A 401 refreshes the session once (`POST /api/auth/refresh`, each refresh token is single-use) and retries;
 *   if that fails the person is sent to the login page.
 * - `application/problem+json` answers become a Chinese toast from their `detail` (or `title`) and a rejected
 *   {@link ApiError} carrying the stable `code`, so a page can branch on it.
 * - Every submit (anything but GET) carries an `Idempotency-Key`. A submit whose answer was lost on a weak network
 *   is sent again with the same key, and the API answers with the first result instead of doing it twice.
 * - Files go up through `wx.uploadFile` with the same token, refresh and problem handling.
 *
 * `wx.request` calls `success` for every HTTP status, so the status code and body are checked here, not by WeChat.
 */

const config = require('./config')
const session = require('./session')

/** @typedef {import('./session').Role} Role */

/**
 * @typedef {object} Problem RFC 9457 problem details as the API writes them.
 * @property {string} [title]
 * @property {string} [detail]
 * @property {number} [status]
 * @property {string} [code]
 * @property {Record<string, string[]>} [errors]
 */

/**
 * @typedef {object} RequestOptions
 * @property {string} url path under the base URL, e.g. `/api/me/profile`
 * @property {'GET' | 'POST' | 'PUT' | 'DELETE'} [method]
 * @property {any} [data] JSON body, or query parameters for GET (null and undefined values are left out)
 * @property {Role} [role] whose token to send (default `worker`)
 * @property {boolean} [auth] send a token (default true)
 * @property {string} [idempotencyKey] keep one key across a person's own retries of the same submit
 * @property {boolean} [silent] never show a toast; the caller shows the problem itself
 * @property {string[]} [quiet] problem codes the caller handles itself (no toast for them)
 */

/**
 * @typedef {object} UploadOptions
 * @property {string} url
 * @property {string} filePath a local temp path from wx.chooseMedia / wx.chooseMessageFile
 * @property {string} [name] multipart field name (default `file`)
 * @property {Record<string, string>} [formData]
 * @property {Role} [role]
 * @property {string} [idempotencyKey]
 * @property {boolean} [silent]
 * @property {string[]} [quiet]
 */

/** @typedef {{ statusCode: number, data: any, header: Record<string, string> }} RawResponse */

const LOGIN_PAGES = { worker: '/pages/login/login', officer: '/pages/officer/login' }
const NETWORK_RETRIES = { read: 1, submit: 2 }
const IN_PROGRESS_RETRIES = 3

/** An API answer that was not a success, or no answer at all (`status` 0). */
class ApiError extends Error {
  /**
   * @param {number} status
   * @param {Problem} problem
   */
  constructor(status, problem) {
    super(problem.detail || problem.title || '请求未能完成')
    this.name = 'ApiError'
    this.status = status
    this.code = problem.code || (status === 0 ? 'network.failed' : 'request.failed')
    this.title = problem.title || ''
    this.detail = problem.detail || problem.title || '请求未能完成'
    this.errors = problem.errors || {}
  }
}

/** @type {Record<Role, Promise<boolean> | null>} */
const refreshing = { worker: null, officer: null }
let sentToLogin = false

/**
 * A fresh key for one submit (RFC 4122 version 4 shape).
 * @returns {string}
 */
function newIdempotencyKey() {
  let key = ''
  for (let i = 0; i < 32; i++) {
    let digit = Math.floor(Math.random() * 16)
    if (i === 12) digit = 4
    if (i === 16) digit = (digit & 0x3) | 0x8
    key += digit.toString(16)
    if (i === 7 || i === 11 || i === 15 || i === 19) key += '-'
  }
  return key
}

/**
 * @param {RequestOptions} options
 * @returns {Promise<any>} the JSON body of a 2xx answer (null for 204)
 */
function request(options) {
  const method = options.method || 'GET'
  const url = method === 'GET' ? options.url + queryString(options.data) : options.url
  return run(options, method !== 'GET', (header) => sendRequest({
    url: config.baseUrl + url,
    method,
    data: method === 'GET' ? undefined : options.data,
    header: Object.assign({ 'Content-Type': 'application/json' }, header),
  }))
}

/**
 * @param {UploadOptions} options
 * @returns {Promise<any>}
 */
function upload(options) {
  return run(options, true, (header) => sendUpload({
    url: config.baseUrl + options.url,
    filePath: options.filePath,
    name: options.name || 'file',
    formData: options.formData || {},
    header,
  }))
}

/**
 * The shared loop: token, refresh once on 401, same-key retries of lost submits, problem toasts.
 * @param {RequestOptions | UploadOptions} options
 * @param {boolean} submit
 * @param {(header: Record<string, string>) => Promise<RawResponse>} send
 */
async function run(options, submit, send) {
  const role = options.role || 'worker'
  const auth = !('auth' in options) || options.auth !== false
  const key = submit ? options.idempotencyKey || newIdempotencyKey() : ''
  let refreshed = false
  let networkRetries = 0
  let inProgressRetries = 0

  for (;;) {
    /** @type {Record<string, string>} */
    const header = {}
    let usedToken = ''
    if (auth) {
      const current = session.get(role)
      if (!current) {
        throw sendToLogin(role, options, false)
      }
      usedToken = current.accessToken
      header.Authorization = 'Bearer ' + usedToken
    }
    if (key) {
      header['Idempotency-Key'] = key
    }

    /** @type {RawResponse} */
    let response
    try {
      response = await send(header)
    } catch (failure) {
      if (networkRetries < (submit ? NETWORK_RETRIES.submit : NETWORK_RETRIES.read)) {
        networkRetries++
        await delay(config.retryDelayMs * networkRetries)
        continue
      }
      throw fail(options, new ApiError(0, { title: '网络不给力', detail: '网络连接不稳定，请检查网络后重试', code: 'network.failed' }))
    }

    const status = response.statusCode
    if (status >= 200 && status < 300) {
      return status === 204 ? null : parseBody(response.data)
    }

    if (status === 401 && auth) {
      if (!refreshed) {
        refreshed = true
        if (await refreshSession(role, usedToken)) {
          continue
        }
      }
      throw sendToLogin(role, options, true)
    }

    const problem = toProblem(response)
    if (status === 409 && problem.code === 'idempotency.in_progress' && inProgressRetries < IN_PROGRESS_RETRIES) {
      // The first copy of this submit is still being handled: wait for its answer instead of reporting a conflict.
      inProgressRetries++
      await delay(config.retryDelayMs * 2 * inProgressRetries)
      continue
    }

    throw fail(options, new ApiError(status, problem))
  }
}

/**
 * Refreshes once for however many requests found the token expired at the same moment.
 * @param {Role} role
 * @param {string} usedToken the access token the 401 was for
 * @returns {Promise<boolean>} whether there is now a fresh token to retry with
 */
function refreshSession(role, usedToken) {
  const current = session.get(role)
  if (!current) {
    return Promise.resolve(false)
  }
  if (current.accessToken !== usedToken) {
    return Promise.resolve(true) // another request refreshed meanwhile
  }
  if (!refreshing[role]) {
    refreshing[role] = (async () => {
      try {
        const response = await sendRequest({
          url: config.baseUrl + '/api/auth/refresh',
          method: 'POST',
          data: { refreshToken: current.refreshToken },
          header: { 'Content-Type': 'application/json' },
        })
        if (response.statusCode !== 200) {
          return false
        }
        session.save(role, parseBody(response.data))
        return true
      } catch (e) {
        return false
      } finally {
        refreshing[role] = null
      }
    })()
  }
  return refreshing[role]
}

/**
 * The session is gone or could not be renewed: forget it and go to the login page of that role.
 * @param {Role} role
 * @param {RequestOptions | UploadOptions} options
 * @param {boolean} expired whether there was a session that ran out (rather than none at all)
 */
function sendToLogin(role, options, expired) {
  session.clear(role)
  const error = expired
    ? new ApiError(401, { title: '未登录或登录已过期', detail: '登录已失效，请重新登录', code: 'auth.session_expired' })
    : new ApiError(401, { title: '未登录或登录已过期', detail: '请先登录后再操作', code: 'auth.no_session' })
  if (!options.silent) {
    toast(error.detail)
  }
  if (!sentToLogin) {
    sentToLogin = true
    wx.reLaunch({ url: LOGIN_PAGES[role], complete: () => { sentToLogin = false } })
  }
  return error
}

/**
 * @param {RequestOptions | UploadOptions} options
 * @param {ApiError} error
 */
function fail(options, error) {
  if (!options.silent && !(options.quiet || []).includes(error.code)) {
    showProblem(error)
  }
  return error
}

/**
 * Shows a problem the way a worker can read it: the Chinese detail, or the title when there is none.
 * @param {{ detail?: string, title?: string }} problem
 */
function showProblem(problem) {
  toast(problem.detail || problem.title || '请求未能完成，请稍后重试')
}

/** @param {string} text */
function toast(text) {
  // Long sentences stay longer on screen: many of our users read slowly.
  wx.showToast({ title: text, icon: 'none', duration: Math.min(6000, 2000 + text.length * 100) })
}

/**
 * @param {RawResponse} response
 * @returns {Problem}
 */
function toProblem(response) {
  const body = parseBody(response.data)
  const type = headerValue(response.header, 'content-type')
  if (body && typeof body === 'object' && (type.indexOf('application/problem+json') >= 0 || body.title || body.detail)) {
    return body
  }
  if (response.statusCode >= 500 || response.statusCode === 0) {
    return { title: '服务器开小差了', detail: '服务器开小差了，请稍后重试', code: 'server.error' }
  }
  return { title: '请求未能完成', detail: '请求未能完成，请稍后重试', code: 'request.failed' }
}

/**
 * wx.request already parses JSON; wx.uploadFile hands back the text.
 * @param {any} data
 */
function parseBody(data) {
  if (typeof data !== 'string') {
    return data === undefined ? null : data
  }
  if (data === '') {
    return null
  }
  try {
    return JSON.parse(data)
  } catch (e) {
    return data
  }
}

/**
 * @param {Record<string, string> | undefined} header
 * @param {string} name lower-case
 */
function headerValue(header, name) {
  const found = Object.keys(header || {}).find((k) => k.toLowerCase() === name)
  return found ? String(/** @type {any} */ (header)[found]).toLowerCase() : ''
}

/**
 * @param {Record<string, any> | undefined} data
 * @returns {string}
 */
function queryString(data) {
  if (!data) {
    return ''
  }
  const parts = Object.keys(data)
    .filter((k) => data[k] !== undefined && data[k] !== null && data[k] !== '')
    .map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(String(data[k])))
  return parts.length ? '?' + parts.join('&') : ''
}

/**
 * @param {{ url: string, method: string, data?: any, header: Record<string, string> }} options
 * @returns {Promise<RawResponse>}
 */
function sendRequest(options) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: options.url,
      method: /** @type {any} */ (options.method),
      data: options.data,
      header: options.header,
      timeout: config.timeoutMs,
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data, header: /** @type {any} */ (res.header) }),
      fail: reject,
    })
  })
}

/**
 * @param {{ url: string, filePath: string, name: string, formData: Record<string, string>, header: Record<string, string> }} options
 * @returns {Promise<RawResponse>}
 */
function sendUpload(options) {
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      url: options.url,
      filePath: options.filePath,
      name: options.name,
      formData: options.formData,
      header: options.header,
      timeout: config.timeoutMs,
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data, header: /** @type {any} */ (res).header || {} }),
      fail: reject,
    })
  })
}

/** @param {number} ms */
function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

module.exports = { request, upload, newIdempotencyKey, showProblem, ApiError, LOGIN_PAGES }
