/**
 * 用户服务协议 and 隐私政策 (pages/legal/document), accepted at login: which version this phone's person accepted and
 * when. A new version (config.agreementVersion) asks again.
 */

const config = require('./config')

const KEY = 'changai.agreement'

/** @returns {boolean} whether the current version was accepted on this phone */
function accepted() {
  const saved = wx.getStorageSync(KEY)
  return Boolean(saved && saved.version === config.agreementVersion)
}

function accept() {
  wx.setStorageSync(KEY, { version: config.agreementVersion, acceptedAt: new Date().toISOString() })
}

module.exports = { accepted, accept, KEY }
