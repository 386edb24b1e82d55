/**
 * The one place that says where the API is, chosen by which build of the mini-program is running
 * (`wx.getAccountInfoSync().miniProgram.envVersion`):
 *
 * - `develop` (WeChat DevTools, or 预览 / 真机调试 on a phone): the embedded default on `http://localhost:5080`
 *   (tick "不校验合法域名" in DevTools, or keep `setting.urlCheck: false` in project.config.json).
 * - `trial` (体验版) and `release` (正式版): the servers' HTTPS addresses, which must also be listed as request and
 *   uploadFile domains in the mini-program's admin console (开发管理 → 开发设置 → 服务器域名).
 *
 * Put the real addresses in ENVIRONMENTS before uploading. Tests change `baseUrl` on this same object before a page runs.
 */

/**
 * @typedef {object} Environment
 * @property {string} baseUrl
 * @property {boolean} wechatSimulator codes from the API's WeChat simulator instead of WeChat (see below)
 */

/** @type {Record<'develop' | 'trial' | 'release', Environment>} */
const ENVIRONMENTS = {
  develop: { baseUrl: 'http://localhost:5080', wechatSimulator: false },
  trial: { baseUrl: 'https://changai-trial.example.cn', wechatSimulator: false },
  release: { baseUrl: 'https://changai.example.cn', wechatSimulator: false },
}

/** @returns {'develop' | 'trial' | 'release'} which build this is; `release` when WeChat cannot say (the safe answer) */
function envVersion() {
  try {
    const version = wx.getAccountInfoSync().miniProgram.envVersion
    return version === 'develop' || version === 'trial' ? version : 'release'
  } catch (e) {
    return 'release'
  }
}

/** @returns {boolean} whether this runs in WeChat DevTools (where the simulator codes may be used) */
function inDevTools() {
  try {
    return (wx.getDeviceInfo ? wx.getDeviceInfo().platform : '') === 'devtools'
  } catch (e) {
    return false
  }
}

const env = envVersion()
const chosen = ENVIRONMENTS[env]

module.exports = {
  env,
  ENVIRONMENTS,

  baseUrl: chosen.baseUrl,

  /** Milliseconds before a request counts as lost on a weak network. */
  timeoutMs: 15000,

  /** Pause before the first retry of a lost request; later retries wait longer. */
  retryDelayMs: 600,

  /**
   * Subscribe-message template ids, the same as the server's `Notifications:Templates` (the embedded
   * default's simulator templates here; the real ids come from the admin console's 订阅消息 page).
   */
  templates: {
    /** 审核结果通知: membership, subsidy and training decisions. */
    reviewResult: 'sim-tmpl-review-result',
    /** 工作提醒: reminders (training the day before, officers' daily digest). */
    notice: 'sim-tmpl-notice',
  },

  /**
   * Only for WeChat DevTools against a Development API, whose "WeChat" is the simulator: codes from the real
   * wx.login / getPhoneNumber mean nothing to the simulator, so with this on they are asked of
   * `${baseUrl}/wechat-sim/dev/...` instead (utils/dev-wechat.js). It can only take effect in the develop build inside
   * DevTools: utils/dev-wechat.js is left out of every package (project.config.json packOptions.ignore), so a phone
   * never has it.
   */
  wechatSimulator: env === 'develop' && chosen.wechatSimulator && inDevTools(),

  /** The text version of the sensitive-data consent this build shows (the server refuses an outdated one). */
  consentVersion: '2026-11-v1',

  /** The version of 用户服务协议 and 隐私政策 a person accepts at login (pages/legal/document); a new one asks again. */
  agreementVersion: '2026-12-v1',

  /** The largest file the API accepts as subsidy evidence (Subsidies:MaxFileBytes), checked before uploading. */
  maxUploadBytes: 5 * 1024 * 1024,
}
