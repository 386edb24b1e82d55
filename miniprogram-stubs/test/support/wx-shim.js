/**
 * A phone with WeChat, for the end-to-end run: `wx.request` and `wx.uploadFile` perform real HTTP against the running
 * API, and what WeChat itself would do (issue a wx.login code, share the verified phone number, remember the
 * subscriptions a person accepted) is asked of the API's WeChat simulator at `${apiUrl}/wechat-sim/dev/...`.
 *
 * Each phone has its own storage and its own WeChat user (openid), fixed at its first wx.login.
 */

const fs = require('node:fs')
const path = require('node:path')
const { createBaseWx } = require('./wx-base')

/**
 * @param {object} options
 * @param {string} options.apiUrl e.g. http://127.0.0.1:5181
 * @param {string} [options.phoneNumber] the number this WeChat account has (what getPhoneNumber shares)
 * @param {'accept' | 'reject'} [options.subscribe] what the person answers to subscription prompts
 * @param {boolean[]} [options.modalAnswers]
 */
function createPhone(options) {
  const base = createBaseWx(options)
  const apiUrl = options.apiUrl.replace(/\/$/, '')
  /** Requests whose answer is lost on the way back: the server does the work, the phone sees a timeout. */
  const drops = []
  /** Every answer the phone received (or lost), for assertions. */
  const responses = []
  const subscribePrompts = []
  let openid = null

  async function simulator(method, route, body) {
    const response = await fetch(apiUrl + '/wechat-sim/dev' + route, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`WeChat simulator ${method} ${route}: ${response.status} ${text}`)
    return JSON.parse(text)
  }

  /** wx parses a JSON body whatever its content type, and hands back the text otherwise. */
  function parse(text) {
    try {
      return JSON.parse(text)
    } catch (e) {
      return text
    }
  }

  function takeDrop(method, pathname) {
    const index = drops.findIndex((d) => d.method === method && d.path === pathname && d.times > 0)
    if (index < 0) return false
    drops[index].times--
    return true
  }

  async function exchange(method, url, init, o, asText) {
    const pathname = new URL(url).pathname
    let response
    let text
    try {
      response = await fetch(url, init)
      text = await response.text()
    } catch (error) {
      responses.push({ method, path: pathname, status: 0 })
      if (o.fail) o.fail({ errMsg: 'request:fail ' + error.message })
      return
    }
    const header = Object.fromEntries(response.headers.entries())
    const lost = takeDrop(method, pathname)
    responses.push({ method, path: pathname, status: response.status, header, lost, body: parse(text) })
    if (lost) {
      if (o.fail) o.fail({ errMsg: 'request:fail timeout' })
      return
    }
    o.success({ statusCode: response.status, data: asText ? text : parse(text), header })
  }

  const wx = Object.assign(base.wx, {
    request(o) {
      const method = o.method || 'GET'
      const init = { method, headers: Object.assign({}, o.header) }
      if (method !== 'GET' && o.data !== undefined) init.body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data)
      base.track(exchange(method, o.url, init, o, false))
    },
    uploadFile(o) {
      const form = new FormData()
      Object.entries(o.formData || {}).forEach(([k, v]) => form.append(k, v))
      form.append(o.name, new Blob([fs.readFileSync(o.filePath)]), path.basename(o.filePath))
      base.track(exchange('POST', o.url, { method: 'POST', headers: Object.assign({}, o.header), body: form }, o, true))
    },
    login(o) {
      base.track((async () => {
        try {
          const issued = await simulator('POST', '/login-code', openid ? { openid } : {})
          openid = issued.openid
          o.success({ code: issued.code, errMsg: 'login:ok' })
        } catch (error) {
          if (o.fail) o.fail({ errMsg: 'login:fail ' + error.message })
        }
      })())
    },
    requestSubscribeMessage(o) {
      if (!base.fromTap('requestSubscribeMessage', o)) return
      subscribePrompts.push(o.tmplIds.slice())
      base.track((async () => {
        const answer = options.subscribe || 'accept'
        const result = { errMsg: 'requestSubscribeMessage:ok' }
        for (const templateId of o.tmplIds) {
          // WeChat's own servers learn of an accept; the simulator plays that part.
          if (answer === 'accept') await simulator('POST', '/subscriptions', { openid, templateId, count: 1 })
          result[templateId] = answer
        }
        o.success(result)
      })())
    },
  })

  return Object.assign(base, {
    wx,
    responses,
    subscribePrompts,
    get openid() {
      return openid
    },
    /**
     * What WeChat hands a page when the person taps a getPhoneNumber button and allows it.
     * @returns {Promise<{ code: string, errMsg: string }>}
     */
    async phoneNumberTap() {
      const { code } = await simulator('POST', '/phone-code', { phoneNumber: options.phoneNumber, openid })
      return { code, errMsg: 'getPhoneNumber:ok' }
    },
    /** The answer to the next `times` requests to `METHOD /path` is lost after the server has handled them. */
    loseAnswers(method, pathname, times = 1) {
      drops.push({ method, path: pathname, times })
    },
    /** Subscribe messages WeChat delivered to this person. */
    messages() {
      return simulator('GET', '/messages?openid=' + encodeURIComponent(openid))
    },
  })
}

module.exports = { createPhone }
