const membershipApi = require('../../api/membership')
const format = require('../../utils/format')

Component({
  data: {
    loaded: false,
    applicationId: '',
    /** @type {any} */
    application: null,
  },
  methods: {
    /** @param {{ id?: string }} query opened from a notification, `id` names the application */
    onLoad(query) {
      this.setData({ applicationId: (query && query.id) || '' })
    },

    onShow() {
      return this.load()
    },

    async onPullDownRefresh() {
      await this.load()
      wx.stopPullDownRefresh()
    },

    async load() {
      try {
        const mine = await membershipApi.mine()
        const found = mine.find((/** @type {any} */ a) => a.id === this.data.applicationId) || mine[0] || null
        if (found) {
          found.submittedText = format.dateTime(found.submittedAt)
          found.timeline = found.timeline.slice().reverse().map((/** @type {any} */ t) => Object.assign({}, t, { atText: format.dateTime(t.at) }))
        }
        this.setData({ loaded: true, application: found })
      } catch (e) { /* shown */ }
    },

    async onWithdraw() {
      const answer = await new Promise((resolve) => wx.showModal({
        title: '撤回申请',
        content: '撤回后这份申请就不再审核了，以后可以重新申请。确定撤回吗？',
        confirmText: '撤回',
        cancelText: '不撤回',
        success: resolve,
        fail: () => resolve({ confirm: false }),
      }))
      if (!(/** @type {any} */ (answer)).confirm) return
      try {
        await membershipApi.withdraw(this.data.application.id)
        wx.showToast({ title: '已撤回', icon: 'success' })
        await this.load()
      } catch (e) { /* shown */ }
    },

    onResubmit() {
      wx.navigateTo({ url: '/pages/membership/apply?resubmit=' + this.data.application.id })
    },
    onApply() {
      wx.navigateTo({ url: '/pages/membership/apply' })
    },
    onCard() {
      wx.navigateTo({ url: '/pages/membership/card' })
    },
  },
})
