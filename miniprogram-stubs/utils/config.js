/**
 * The one place that says where the API is.
 *
 * - WeChat DevTools on the machine that runs the API: the embedded default, `http://localhost:5080`
 *   (tick "不校验合法域名" in DevTools, or keep `setting.urlCheck: false` in project.config.json).
 * - A phone (preview, trial, release): the server's HTTPS address, which must also be listed as a
 *   request/uploadFile domain in the mini-program's admin console (开发管理 → 服务器域名).
 *
 * Tests change `baseUrl` on this same object before a page runs.
 */
module.exports = {
  baseUrl: 'http://localhost:5080',

  /** Milliseconds before a request counts as lost on a weak network. */
  timeoutMs: 15000,

  /** Pause before the first retry of a lost request; later retries wait longer. */
  retryDelayMs: 600,

  /**
   * Subscribe-message template ids, the same as the server's `Notifications:Templates` (the embedded
   * default's simulator templates here; the real ids come from the admin console's 订阅消息 page).
   */
  templates: {
    /** 审核结果通知: membership (and, later, subsidy) decisions. */
    reviewResult: 'sim-tmpl-review-result',
    /** 工作提醒: the officers' daily digest of applications waiting for them. */
    notice: 'sim-tmpl-notice',
  },

  /**
   * Only for WeChat DevTools against a Development API, whose "WeChat" is the simulator: codes from the real
   * wx.login / getPhoneNumber mean nothing to the simulator, so with this on they are asked of
   * `${baseUrl}/wechat-sim/dev/...` instead (see utils/dev-wechat.js). Outside Development those endpoints answer
   * 404, so a build that leaves this on cannot log anyone in; keep it false for anything uploaded.
   */
  wechatSimulator: false,

  /** The text version of the sensitive-data consent this build shows (the server refuses an outdated one). */
  consentVersion: '2026-11-v1',
}
