const membershipApi = require('../../api/membership')
const format = require('../../utils/format')
const qr = require('../../utils/qr')

/** Renew the QR a little before the server's token runs out, so what is on screen always scans. */
const RENEW_BEFORE_MS = 15000

/** How bright the screen is while the card shows: full, so a scanner reads the code in sunlight or a dim hall. */
const CARD_BRIGHTNESS = 1

/**
 * What a card page holds besides its data: the renewal timer, the QR modules (kept out of setData, which would copy
 * them to the view layer for nothing) and the brightness the screen had before the card raised it.
 * @type {WeakMap<object, { timer?: any, modules?: boolean[][], brightness?: number }>}
 */
const held = new WeakMap()

/** @param {object} page */
function hold(page) {
  let state = held.get(page)
  if (!state) held.set(page, (state = {}))
  return state
}

Component({
  data: {
    loaded: false,
    /** @type {any} */
    card: null,
    notMember: '',
  },
  methods: {
    onShow() {
      this.brighten()
      return this.load()
    },

    onHide() {
      this.stopTimer()
      this.restoreBrightness()
    },

    onUnload() {
      this.stopTimer()
      this.restoreBrightness()
    },

    /** Full brightness and no screen lock while the card shows; the person's own brightness comes back after. */
    brighten() {
      const state = hold(this)
      wx.getScreenBrightness({
        success: (res) => {
          if (state.brightness === undefined) state.brightness = res.value
          wx.setScreenBrightness({ value: CARD_BRIGHTNESS, fail: () => {} })
        },
        fail: () => {},
      })
      wx.setKeepScreenOn({ keepScreenOn: true, fail: () => {} })
    },

    restoreBrightness() {
      const state = hold(this)
      if (state.brightness !== undefined) {
        wx.setScreenBrightness({ value: state.brightness, fail: () => {} })
        state.brightness = undefined
      }
      wx.setKeepScreenOn({ keepScreenOn: false, fail: () => {} })
    },

    onRefresh() {
      return this.load()
    },

    async load() {
      this.stopTimer()
      let card
      try {
        card = await membershipApi.card()
      } catch (err) {
        const error = /** @type {any} */ (err)
        this.setData({ loaded: true })
        if (error.code === 'membership.not_member') this.setData({ notMember: error.detail, card: null })
        return
      }
      const lifeMs = new Date(card.qrExpiresAt).getTime() - Date.now()
      hold(this).modules = qr.matrix(card.qrToken)
      this.setData({
        loaded: true,
        notMember: '',
        card: Object.assign({}, card, { joinedText: format.date(card.joinedOn), qrMinutes: Math.max(1, Math.round(lifeMs / 60000)) }),
      })
      this.paintWhenReady()
      hold(this).timer = setTimeout(() => this.load(), Math.max(10000, lifeMs - RENEW_BEFORE_MS))
    },

    stopTimer() {
      const state = hold(this)
      if (state.timer) {
        clearTimeout(state.timer)
        state.timer = null
      }
    },

    paintWhenReady() {
      if (typeof this.createSelectorQuery !== 'function') return
      const query = this.createSelectorQuery()
      if (!query || typeof query.select !== 'function') return
      query.select('#qr').fields({ node: true, size: true }, () => {}).exec((/** @type {any[]} */ res) => {
        const found = res && res[0]
        if (found && found.node) {
          const ratio = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2
          this.paint(found.node, Math.floor(found.width * ratio))
        }
      })
    },

    /**
     * Draws the current QR on a canvas node (WeChat's Canvas 2D).
     * @param {{ width: number, height: number, getContext(kind: '2d'): any }} canvas
     * @param {number} size pixels
     */
    paint(canvas, size) {
      const modules = hold(this).modules
      if (!modules) return
      canvas.width = size
      canvas.height = size
      qr.draw(canvas.getContext('2d'), modules, size)
    },

    onApply() {
      wx.navigateTo({ url: '/pages/membership/apply' })
    },
  },
})
