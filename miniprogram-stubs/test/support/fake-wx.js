/**
 * A `wx` for unit tests: requests are answered from a table of routes, and every call is recorded.
 *
 * Routes are keyed `'METHOD /path'` (query strings are not part of the key). A route's value is an answer
 * `{ status, body, headers }` (status 200 by default), `{ fail: 'timeout' }` for a request that never gets an answer,
 * an array of answers used in turn (the last one repeats), or a function `(request, n) => answer`.
 */

const { createBaseWx } = require('./wx-base')

/**
 * @param {number} status
 * @param {string} code
 * @param {string} detail
 * @param {Record<string, string[]>} [errors]
 */
function problem(status, code, detail, errors) {
  const titles = { 400: '提交的信息有误', 401: '未登录或登录已过期', 403: '没有权限进行此操作', 404: '未找到相关内容', 409: '操作冲突', 422: '暂时无法办理' }
  return {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
    body: Object.assign({ title: titles[status] || '请求未能完成', status, detail, code }, errors ? { errors } : {}),
  }
}

/**
 * @param {{ routes?: Record<string, any>, subscribe?: string, modalAnswers?: boolean[] }} [options]
 *   `subscribe`: what the person answers to wx.requestSubscribeMessage (accept | reject), or `fail` when WeChat refuses
 */
function createFakeWx(options = {}) {
  const base = createBaseWx(options)
  const routes = Object.assign({}, options.routes)
  const requests = []
  const unmatched = []
  const counts = {}
  const subscribePrompts = []
  let loginCount = 0

  function answerFor(request) {
    const key = request.method + ' ' + request.path
    const route = routes[key]
    counts[key] = (counts[key] || 0) + 1
    if (route === undefined) {
      unmatched.push(key)
      return { status: 599, body: { title: 'no route in the test for ' + key } }
    }
    if (typeof route === 'function') return route(request, counts[key])
    if (Array.isArray(route)) return route[Math.min(counts[key], route.length) - 1]
    return route
  }

  function respond(o, request, asText) {
    base.later(() => {
      const answer = answerFor(request) || {}
      if (answer.fail) {
        if (o.fail) o.fail({ errMsg: (asText ? 'uploadFile' : 'request') + ':fail ' + answer.fail })
        return
      }
      const status = answer.status || 200
      const body = answer.body === undefined ? '' : JSON.parse(JSON.stringify(answer.body))
      o.success({
        statusCode: status,
        data: asText && typeof body !== 'string' ? JSON.stringify(body) : body,
        header: answer.headers || { 'Content-Type': 'application/json; charset=utf-8' },
      })
    })
  }

  const wx = Object.assign(base.wx, {
    request(o) {
      const url = new URL(o.url)
      const request = {
        method: o.method || 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), url: o.url,
        headers: Object.assign({}, o.header), body: o.data === undefined ? undefined : JSON.parse(JSON.stringify(o.data)),
      }
      requests.push(request)
      respond(o, request, false)
    },
    uploadFile(o) {
      const url = new URL(o.url)
      const request = {
        method: 'UPLOAD', path: url.pathname, url: o.url, headers: Object.assign({}, o.header),
        filePath: o.filePath, name: o.name, formData: Object.assign({}, o.formData),
      }
      requests.push(request)
      respond(o, request, true)
    },
    login(o) {
      loginCount++
      base.ok(o, { code: 'login-code-' + loginCount, errMsg: 'login:ok' })
    },
    requestSubscribeMessage(o) {
      if (!base.fromTap('requestSubscribeMessage', o)) return
      subscribePrompts.push(o.tmplIds.slice())
      const answer = options.subscribe || 'accept'
      if (answer === 'fail') {
        base.later(() => o.fail && o.fail({ errMsg: 'requestSubscribeMessage:fail', errCode: 20004 }))
        return
      }
      const result = { errMsg: 'requestSubscribeMessage:ok' }
      o.tmplIds.forEach((id) => { result[id] = answer })
      base.ok(o, result)
    },
  })

  return Object.assign(base, {
    wx,
    requests,
    unmatched,
    subscribePrompts,
    /** Adds or replaces routes. */
    route(more) { Object.assign(routes, more) },
    /** Requests to one route, in order. */
    calls(key) { return requests.filter((r) => r.method + ' ' + r.path === key) },
    /** Stores a session as if this person had logged in before. */
    loggedIn(role = 'worker', user) {
      base.wx.setStorageSync('changai.session.' + role, { accessToken: role + '-token-1', refreshToken: role + '-refresh-1', expiresAt: Date.now() + 1800000, user })
    },
  })
}

module.exports = { createFakeWx, problem }
