const auth = require('../../utils/auth')
const nav = require('../../utils/nav')

// Pages are built with Component() (supported by WeChat for pages) so miniprogram-simulate can render them in tests.
Component({
  data: { busy: false, errorText: '', redirect: '' },
  methods: {
    /** @param {{ redirect?: string }} query */
    onLoad(query) {
      this.setData({ redirect: query && query.redirect ? decodeURIComponent(query.redirect) : '' })
      if (auth.isWorkerLoggedIn()) {
        this.leave()
      }
    },

    async onLogin() {
      this.setData({ busy: true, errorText: '' })
      try {
        await auth.loginWorker()
        this.leave()
      } catch (e) {
        this.setData({ errorText: (e && e.detail) || '登录没有成功，请再点一次' })
      } finally {
        this.setData({ busy: false })
      }
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
