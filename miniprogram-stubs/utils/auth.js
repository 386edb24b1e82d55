/**
 * Who is using the mini-program. Workers log in with WeChat alone (wx.login → code → our API → code2Session on the
 * server; the openid never comes from the client). Officers log in with their union account and may bind this WeChat
 * to get their review reminders here.
 */

const { request } = require('./request')
const session = require('./session')
const config = require('./config')

/** @typedef {{ id: string, maskedName: string | null, phoneBound: boolean, identityComplete: boolean, isNewUser: boolean }} WorkerSummary */
/** @typedef {{ id: string, username: string, displayName: string, unionId: string, unionName: string, permissions: string[] }} OfficerSummary */

/** @returns {Promise<string>} a one-time login code from WeChat */
function wxLoginCode() {
  if (config.wechatSimulator) {
    // Loaded only here: the file is left out of every package (project.config.json), so nothing else may require it.
    return require('./dev-wechat').loginCode()
  }
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => (res.code ? resolve(res.code) : reject(new Error('wx.login 未返回 code'))),
      fail: reject,
    })
  })
}

/** @returns {Promise<WorkerSummary>} */
async function loginWorker() {
  let code
  try {
    code = await wxLoginCode()
  } catch (e) {
    wx.showToast({ title: '微信登录失败，请稍后重试', icon: 'none', duration: 3000 })
    throw e
  }
  const answer = await request({ url: '/api/auth/wechat-login', method: 'POST', auth: false, data: { code } })
  session.save('worker', answer, answer.worker)
  return answer.worker
}

/** @returns {boolean} */
function isWorkerLoggedIn() {
  return session.get('worker') !== null
}

/**
 * @param {string} username
 * @param {string} password
 * @returns {Promise<OfficerSummary>}
 */
async function loginOfficer(username, password) {
  const answer = await request({ url: '/api/auth/officer-login', method: 'POST', auth: false, data: { username, password } })
  session.save('officer', answer, answer.officer)
  return answer.officer
}

/** @returns {OfficerSummary | null} */
function currentOfficer() {
  const current = session.get('officer')
  return current ? current.user : null
}

/** Binds the WeChat in this phone to the logged-in officer, so reminders reach them here. */
async function bindOfficerWeChat() {
  const code = await wxLoginCode()
  return request({ url: '/api/officer/wechat-binding', method: 'POST', role: 'officer', data: { code } })
}

/**
 * Ends the session on the server too (the whole refresh-token chain), then forgets it here.
 * @param {import('./session').Role} role
 */
async function logout(role) {
  const current = session.get(role)
  if (current) {
    try {
      await request({ url: '/api/auth/logout', method: 'POST', role, silent: true, data: { refreshToken: current.refreshToken } })
    } catch (e) {
      // Forgetting the tokens here is what matters to the person; the server's chain expires anyway.
    }
  }
  session.clear(role)
}

module.exports = { loginWorker, isWorkerLoggedIn, loginOfficer, currentOfficer, bindOfficerWeChat, logout, wxLoginCode }
