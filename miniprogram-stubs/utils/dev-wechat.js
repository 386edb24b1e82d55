/**
 * Codes from the API's WeChat simulator instead of WeChat, for clicking through the pages in WeChat DevTools against a
 * Development API (config.wechatSimulator). The same simulator user is kept in storage, so logging in again is the
 * same person.
 */

const config = require('./config')

const OPENID_KEY = 'changai.dev.openid'

/**
 * @param {string} route
 * @param {any} body
 * @returns {Promise<any>}
 */
function simulator(route, body) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: config.baseUrl + '/wechat-sim/dev' + route,
      method: 'POST',
      data: body,
      header: { 'Content-Type': 'application/json' },
      success: (res) => (res.statusCode === 200 ? resolve(res.data) : reject(new Error('simulator ' + res.statusCode))),
      fail: reject,
    })
  })
}

/** @returns {Promise<string>} a login code for this DevTools' simulator user */
async function loginCode() {
  const openid = wx.getStorageSync(OPENID_KEY)
  const issued = await simulator('/login-code', openid ? { openid } : {})
  wx.setStorageSync(OPENID_KEY, issued.openid)
  return issued.code
}

/** @returns {Promise<string>} a phone code for a number typed in, as if WeChat had verified it ('' when cancelled) */
async function phoneCode() {
  /** @type {any} */
  const answer = await new Promise((resolve) => wx.showModal({
    title: '模拟微信手机号',
    editable: true,
    placeholderText: '输入 11 位手机号',
    success: resolve,
    fail: () => resolve({ confirm: false }),
  }))
  const number = answer.confirm ? String(answer.content || '').trim() : ''
  if (!/^\d{11}$/.test(number)) return ''
  const issued = await simulator('/phone-code', { phoneNumber: number, openid: wx.getStorageSync(OPENID_KEY) })
  return issued.code
}

module.exports = { loginCode, phoneCode }
