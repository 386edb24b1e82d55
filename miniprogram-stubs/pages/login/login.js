const auth = require('../../utils/auth')
const nav = require('../../utils/nav')
const agreement = require('../../utils/agreement')

// Pages are built with Component() (supported by WeChat for pages) so miniprogram-simulate can render them in tests.
Component({
  data: { busy: false, errorText: '', redirect: '', agreed: false, needAgreement: false },
  methods: {
    /** @param {{ redirect?: string }} query */
    onLoad(query) {
      this.setData({ redirect: query && query.redirect ? decodeURIComponent(query.redirect) : '', agreed: agreement.accepted() })
      if (auth.isWorkerLoggedIn()) {
        this.leave()
      }
    },

    /** @param {{ detail: { value: string[] } }} e the agreement checkbox */
    onAgreement(e) {
      this.setData({ agreed: e.detail.value.indexOf('agree') >= 0, needAgreement: false })
    },

    async onLogin() {
      if (!this.data.agreed) {
        this.setData({ needAgreement: true, errorText: '' })
        return
      }
      this.setData({ busy: true, errorText: '' })
      try {
        await auth.loginWorker()
        agreement.accept()
        this.leave()
      } catch (e) {
        this.setData({ errorText: (e && /** @type {any} */ (e).detail) || '登录没有成功，请再点一次' })
      } finally {
        this.setData({ busy: false })
      }
    },

    /** @param {any} e */
    onDocument(e) {
      wx.navigateTo({ url: '/pages/legal/document?doc=' + e.currentTarget.dataset.doc })
    },

    onOfficer() {
      wx.navigateTo({ url: '/pages/officer/login' })
    },

    leave() {
      if (this.data.redirect) {
        nav.replace(this.data.redirect)
      } else {
        wx.switchTab({ url: '/pages/index/index' })
      }
    },
  },
})
