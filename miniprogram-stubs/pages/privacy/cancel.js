const privacyApi = require('../../api/privacy')
const session = require('../../utils/session')

Component({
  data: {
    loaded: false,
    /** @type {{ erased: string[], kept: string[], membership: string[], blockers: string[], canCancel: boolean }} */
    preview: { erased: [], kept: [], membership: [], blockers: [], canCancel: false },
    understood: false,
    cancelling: false,
    done: false,
    resultText: '',
    errorText: '',
  },
  methods: {
    onLoad() {
      return this.load()
    },

    async load() {
      try {
        this.setData({ preview: await privacyApi.cancellation(), loaded: true })
      } catch (e) { /* request.js showed why */ }
    },

    /** @param {{ detail: { value: boolean } }} e */
    onUnderstood(e) {
      this.setData({ understood: e.detail.value })
    },

    async onCancel() {
      if (!this.data.understood) return
      // One last question: nothing of this can be undone.
      const answer = await new Promise((resolve) => wx.showModal({
        title: '确定注销账号吗？',
        content: '注销后个人信息将被删除、会籍终止，且不能恢复。',
        confirmText: '注销',
        cancelText: '再想想',
        success: resolve,
        fail: () => resolve({ confirm: false }),
      }))
      if (!(/** @type {any} */ (answer)).confirm) return
      this.setData({ cancelling: true, errorText: '' })
      try {
        const result = await privacyApi.cancel()
        // The server deleted every refresh token; the tokens on this phone are of an account that no longer exists.
        session.clear('worker')
        this.setData({ done: true, resultText: result.message })
      } catch (e) {
        this.setData({ errorText: (/** @type {any} */ (e)).message || '注销没有成功，请稍后再试' })
      } finally {
        this.setData({ cancelling: false })
      }
    },

    onDone() {
      wx.reLaunch({ url: '/pages/login/login' })
    },
  },
})
