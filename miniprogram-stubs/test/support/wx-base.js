/**
 * What every fake `wx` shares: storage, toasts, modals, navigation and tab-bar calls, recorded for assertions, with
 * callbacks called asynchronously as WeChat does. `pending()` counts calls whose callbacks have not run yet.
 *
 * Two of WeChat's rules are played here, so that breaking them fails a test:
 * - wx.requestSubscribeMessage only from a tap: outside the synchronous part of a tap handler it fails with WeChat's
 *   `can only be invoked by user TAP gesture` and is recorded as refused (`takeRefusedPrompts()`).
 * - Privacy: wx.scanCode, wx.chooseMedia, wx.chooseMessageFile, wx.setClipboardData and the getPhoneNumber button are
 *   privacy interfaces. Until the person has agreed (`privacy: 'unset'`), each one calls the page's
 *   wx.onNeedPrivacyAuthorization listener and waits for its resolve: agree (only after the agree button was tapped)
 *   continues the call, disagree fails it with `privacy permission is not authorized`. A privacy interface used on a
 *   page without a listener (no privacy pop-up) is a violation whether or not the person agreed before.
 * `violations()` lists what broke a rule; the harness fails the test on any.
 */

/*
 * options.modalAnswers: answers to wx.showModal in order (default: confirm); an object also gives what was typed into an
 * editable modal. options.privacy: whether the person agreed to the privacy guide before (default 'agreed').
 */
const gesture = require('./gesture')

/**
 * @param {{ modalAnswers?: (boolean | { confirm: boolean, content?: string })[], privacy?: 'agreed' | 'unset',
 *   envVersion?: 'develop' | 'trial' | 'release' }} [options]
 */
function createBaseWx(options = {}) {
  const storage = new Map()
  const modalAnswers = (options.modalAnswers || []).slice()
  /** What the camera reads at the next wx.scanCode calls (a QR text, or `null` for closing the camera). */
  const scans = []
  /** The files picked at the next wx.chooseMedia calls (local paths, or `null` for cancelling). */
  const media = []
  /** The files picked from a chat at the next wx.chooseMessageFile calls (`{ path, name, size }`, or `null` for cancelling). */
  const chatFiles = []
  const log = {
    toasts: [], modals: [], navigations: [], badges: [], titles: [], scans: 0, picks: 0, clipboard: [], brightness: [], keepScreenOn: [],
    messageFilePicks: [], privacyContracts: 0, privacyExposures: 0, refreshesStopped: 0,
  }
  const privacy = {
    agreed: options.privacy !== 'unset',
    /** @type {Function | null} */
    listener: null,
    /** The id of the last agreePrivacyAuthorization button the person tapped (the harness records it). */
    tappedButton: '',
    /** Privacy interfaces called with no listener registered. */
    unguarded: [],
    /** Calls held until the person answers the pop-up (a test waits for the person, not for these). */
    waiting: 0,
  }
  const refusedPrompts = []
  const updates = { check: null, ready: null, failed: null, applied: 0 }
  let screenBrightness = 0.4
  let pending = 0

  /** Runs `fn` on a later turn, counting it as pending until then. */
  function later(fn, ms = 0) {
    pending++
    setTimeout(() => {
      pending--
      fn()
    }, ms)
  }

  function ok(o, result = {}) {
    later(() => {
      if (o && o.success) o.success(result)
      if (o && o.complete) o.complete(result)
    })
  }

  function navigate(kind) {
    return (o) => {
      log.navigations.push({ kind, url: o.url || '', delta: o.delta })
      ok(o, { errMsg: kind + ':ok' })
    }
  }

  /**
   * What WeChat does before a privacy interface runs: nothing once the person agreed; otherwise the page's listener
   * shows the pop-up and the call waits (not counted as pending: it waits for the person).
   * @param {string} referrer the interface, as WeChat names it in eventInfo
   * @returns {Promise<boolean>} whether the call may go on
   */
  function privacyGate(referrer) {
    if (!privacy.listener) privacy.unguarded.push(referrer)
    if (privacy.agreed) return Promise.resolve(true)
    if (!privacy.listener) return Promise.resolve(false)
    privacy.waiting++
    return new Promise((done) => {
      privacy.listener((answer) => {
        if (answer.event === 'exposureAuthorization') {
          log.privacyExposures++
        } else if (answer.event === 'agree') {
          if (!answer.buttonId || answer.buttonId !== privacy.tappedButton) {
            throw new Error(`resolve({ event: 'agree' }) without a tap on the agree button (buttonId ${answer.buttonId}, tapped ${privacy.tappedButton || 'none'})`)
          }
          privacy.agreed = true
          privacy.waiting--
          done(true)
        } else {
          privacy.waiting--
          done(false)
        }
      }, { referrer })
    })
  }

  /** Runs a privacy interface's body after the gate, or fails it the way WeChat does. */
  function privately(api, o, body) {
    privacyGate(api).then((allowed) => {
      if (allowed) body()
      else later(() => o.fail && o.fail({ errMsg: api + ':fail privacy permission is not authorized' }))
    })
  }

  /**
   * WeChat's rule for prompts: only in the synchronous part of a tap handler.
   * @returns {boolean} whether the call may go on
   */
  function fromTap(api, o) {
    if (gesture.depth > 0) return true
    refusedPrompts.push(o.tmplIds || [])
    later(() => o.fail && o.fail({ errMsg: api + ':fail can only be invoked by user TAP gesture.' }))
    return false
  }

  const wx = {
    getStorageSync: (key) => (storage.has(key) ? JSON.parse(storage.get(key)) : ''),
    setStorageSync: (key, value) => storage.set(key, JSON.stringify(value)),
    removeStorageSync: (key) => storage.delete(key),
    showToast: (o) => { log.toasts.push(o.title); ok(o) },
    showLoading: (o) => ok(o),
    hideLoading: (o) => ok(o),
    showModal: (o) => {
      const answer = modalAnswers.length ? modalAnswers.shift() : true
      const result = typeof answer === 'object' ? answer : { confirm: answer }
      log.modals.push({ title: o.title, content: o.content, confirm: result.confirm })
      ok(o, Object.assign({ cancel: !result.confirm }, result))
    },
    setNavigationBarTitle: (o) => { log.titles.push(o.title); ok(o) },
    stopPullDownRefresh: (o) => { log.refreshesStopped++; ok(o) },
    setTabBarBadge: (o) => { log.badges.push(o.text); ok(o) },
    removeTabBarBadge: (o) => { log.badges.push(''); ok(o) },
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    reLaunch: navigate('reLaunch'),
    switchTab: navigate('switchTab'),
    navigateBack: navigate('navigateBack'),
    scanCode: (o) => privately('scanCode', o, () => {
      log.scans++
      const scanned = scans.length ? scans.shift() : null
      if (scanned === null) later(() => o.fail && o.fail({ errMsg: 'scanCode:fail cancel' }))
      else if (typeof scanned === 'object') ok(o, Object.assign({ scanType: 'WX_CODE', charSet: 'utf-8', errMsg: 'scanCode:ok' }, scanned))
      else ok(o, { result: scanned, scanType: 'QR_CODE', errMsg: 'scanCode:ok' })
    }),
    chooseMedia: (o) => privately('chooseMedia', o, () => {
      log.picks++
      const files = media.length ? media.shift() : null
      if (files === null) later(() => o.fail && o.fail({ errMsg: 'chooseMedia:fail cancel' }))
      else ok(o, { type: 'image', tempFiles: files.map((tempFilePath) => ({ tempFilePath, size: 1, fileType: 'image' })), errMsg: 'chooseMedia:ok' })
    }),
    chooseMessageFile: (o) => privately('chooseMessageFile', o, () => {
      log.messageFilePicks.push({ count: o.count, type: o.type, extension: o.extension })
      const files = chatFiles.length ? chatFiles.shift() : null
      if (files === null) later(() => o.fail && o.fail({ errMsg: 'chooseMessageFile:fail cancel' }))
      else ok(o, { tempFiles: files.map((f) => Object.assign({ type: 'file', time: 0 }, f)), errMsg: 'chooseMessageFile:ok' })
    }),
    setClipboardData: (o) => privately('setClipboardData', o, () => { log.clipboard.push(o.data); ok(o, { errMsg: 'setClipboardData:ok' }) }),
    getWindowInfo: () => ({ pixelRatio: 2, windowWidth: 375, windowHeight: 667 }),
    getDeviceInfo: () => ({ platform: 'android', system: 'Android 14', brand: 'test', model: 'test' }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx-test', envVersion: options.envVersion || 'develop', version: '' } }),
    getScreenBrightness: (o) => ok(o, { value: screenBrightness }),
    setScreenBrightness: (o) => { screenBrightness = o.value; log.brightness.push(o.value); ok(o) },
    setKeepScreenOn: (o) => { log.keepScreenOn.push(o.keepScreenOn); ok(o) },
    requestSubscribeMessage: (o) => { if (fromTap('requestSubscribeMessage', o)) ok(o, { errMsg: 'requestSubscribeMessage:ok' }) },
    onNeedPrivacyAuthorization: (listener) => { privacy.listener = listener },
    getPrivacySetting: (o) => ok(o, { needAuthorization: !privacy.agreed, privacyContractName: '《云南产业工人服务小程序隐私保护指引》', errMsg: 'getPrivacySetting:ok' }),
    requirePrivacyAuthorize: (o) => privately('requirePrivacyAuthorize', o, () => ok(o, { errMsg: 'requirePrivacyAuthorize:ok' })),
    openPrivacyContract: (o) => { log.privacyContracts++; ok(o, { errMsg: 'openPrivacyContract:ok' }) },
    getUpdateManager: () => ({
      onCheckForUpdate: (fn) => { updates.check = fn },
      onUpdateReady: (fn) => { updates.ready = fn },
      onUpdateFailed: (fn) => { updates.failed = fn },
      applyUpdate: () => { updates.applied++ },
    }),
  }

  return {
    wx,
    log,
    storage,
    later,
    ok,
    pending: () => pending,
    /** Counts an async operation of a subclass (a request) as pending while it runs. */
    async track(promise) {
      pending++
      try {
        return await promise
      } finally {
        pending--
      }
    },
    /** Answers for the next wx.showModal calls. */
    answerModals: (...answers) => modalAnswers.push(...answers),
    /** What the camera will read at the next wx.scanCode calls. */
    willScan: (...texts) => scans.push(...texts),
    /** The files the person will pick at the next wx.chooseMedia calls (each an array of local paths). */
    willPick: (...files) => media.push(...files),
    /** The files the person will pick from a chat at the next wx.chooseMessageFile calls (each an array of `{ path, name, size }`). */
    willPickFromChat: (...files) => chatFiles.push(...files),
    privacy,
    privacyGate,
    fromTap,
    updates,
    /** Prompts refused for not coming from a tap (taking them clears them, for a test that expects one). */
    takeRefusedPrompts: () => refusedPrompts.splice(0),
    /** What broke one of WeChat's rules; the harness fails the test on any. */
    violations() {
      const found = []
      if (refusedPrompts.length) found.push(`wx.requestSubscribeMessage called outside a tap handler's synchronous part (${refusedPrompts.length}×)`)
      if (privacy.unguarded.length) found.push(`privacy interface used on a page without the privacy pop-up: ${privacy.unguarded.join(', ')}`)
      return found
    },
  }
}

module.exports = { createBaseWx }
