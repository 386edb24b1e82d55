/**
 * WeChat's privacy agreement (《小程序用户隐私保护指引》, set in the admin console). Before a privacy interface runs for
 * someone who has not agreed yet — the getPhoneNumber button, wx.chooseMedia, wx.chooseMessageFile, wx.scanCode,
 * wx.setClipboardData — WeChat calls the wx.onNeedPrivacyAuthorization listener and holds the call until the listener's
 * `resolve` is called: agree (after a tap on a `<button open-type="agreePrivacyAuthorization">`) lets it go on,
 * disagree fails it with "privacy permission is not authorized". `__usePrivacyCheck__` in app.json turns this on.
 *
 * One listener is registered (WeChat keeps one); it hands each request to the pop-up of the page on screen
 * (components/privacy-popup), which every page using one of those interfaces includes.
 */

/** The `wx` objects our listener is registered on (one in WeChat; one per fake phone in the tests). */
const registered = new WeakSet()
/** @type {Set<Function>} resolves of held privacy calls, answered together by the person's choice */
const waiting = new Set()
/** @type {{ open(eventInfo: { referrer?: string }): void } | null} the pop-up of the page on screen */
let current = null

/** Registers the listener on this `wx` once. */
function listen() {
  if (typeof wx.onNeedPrivacyAuthorization !== 'function' || registered.has(wx)) return
  registered.add(wx)
  wx.onNeedPrivacyAuthorization((resolve, eventInfo) => {
    if (!current) {
      // No pop-up on screen to ask with: refuse rather than leave the call waiting for ever.
      resolve({ event: 'disagree' })
      return
    }
    waiting.add(resolve)
    resolve({ event: 'exposureAuthorization' })
    current.open(eventInfo || {})
  })
}

/**
 * The pop-up of the page now on screen (called when it is attached and whenever its page shows again).
 * @param {{ open(eventInfo: { referrer?: string }): void }} popup
 */
function show(popup) {
  listen()
  current = popup
}

/** @param {object} popup a pop-up whose page went away */
function forget(popup) {
  if (current === popup) current = null
}

/**
 * The person's choice, for every held call.
 * @param {boolean} agreed
 * @param {string} [buttonId] the id of the agreePrivacyAuthorization button tapped (WeChat checks it was tapped)
 */
function answer(agreed, buttonId) {
  const resolves = Array.from(waiting)
  waiting.clear()
  resolves.forEach((resolve) => resolve(agreed ? { event: 'agree', buttonId } : { event: 'disagree' }))
}

/** What each privacy interface is, in a worker's words, for the pop-up. */
const PURPOSES = {
  'button.getPhoneNumber': '获取您微信绑定的手机号',
  getPhoneNumber: '获取您微信绑定的手机号',
  chooseMedia: '使用相机拍照或从相册选择照片',
  chooseMessageFile: '从微信聊天中选择文件',
  scanCode: '使用扫一扫',
  setClipboardData: '把内容复制到剪贴板',
}

/** @param {string | undefined} referrer */
function purposeOf(referrer) {
  return (referrer && /** @type {Record<string, string>} */ (PURPOSES)[referrer]) || '使用这项功能'
}

module.exports = { listen, show, forget, answer, purposeOf }
