/**
 * What every fake `wx` shares: storage, toasts, modals, navigation and tab-bar calls, recorded for assertions, with
 * callbacks called asynchronously as WeChat does. `pending()` counts calls whose callbacks have not run yet.
 */

/**
 * @param {{ modalAnswers?: (boolean | { confirm: boolean, content?: string })[] }} [options] answers to wx.showModal in
 *   order (default: confirm); an object also gives what was typed into an editable modal
 */
function createBaseWx(options = {}) {
  const storage = new Map()
  const modalAnswers = (options.modalAnswers || []).slice()
  /** What the camera reads at the next wx.scanCode calls (a QR text, or `null` for closing the camera). */
  const scans = []
  /** The files picked at the next wx.chooseMedia calls (local paths, or `null` for cancelling). */
  const media = []
  const log = { toasts: [], modals: [], navigations: [], badges: [], titles: [], scans: 0, picks: 0, clipboard: [] }
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
    stopPullDownRefresh: (o) => ok(o),
    setTabBarBadge: (o) => { log.badges.push(o.text); ok(o) },
    removeTabBarBadge: (o) => { log.badges.push(''); ok(o) },
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    reLaunch: navigate('reLaunch'),
    switchTab: navigate('switchTab'),
    navigateBack: navigate('navigateBack'),
    scanCode: (o) => {
      log.scans++
      const text = scans.length ? scans.shift() : null
      if (text === null) later(() => o.fail && o.fail({ errMsg: 'scanCode:fail cancel' }))
      else ok(o, { result: text, scanType: 'QR_CODE', errMsg: 'scanCode:ok' })
    },
    chooseMedia: (o) => {
      log.picks++
      const files = media.length ? media.shift() : null
      if (files === null) later(() => o.fail && o.fail({ errMsg: 'chooseMedia:fail cancel' }))
      else ok(o, { type: 'image', tempFiles: files.map((tempFilePath) => ({ tempFilePath, size: 1, fileType: 'image' })), errMsg: 'chooseMedia:ok' })
    },
    setClipboardData: (o) => { log.clipboard.push(o.data); ok(o, { errMsg: 'setClipboardData:ok' }) },
    getWindowInfo: () => ({ pixelRatio: 2, windowWidth: 375, windowHeight: 667 }),
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
  }
}

module.exports = { createBaseWx }
