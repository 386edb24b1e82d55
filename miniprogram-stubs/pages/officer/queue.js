const officerApi = require('../../api/officer')
const auth = require('../../utils/auth')

Component({
  data: { loaded: false, officerName: '', /** @type {any[]} */ items: [], total: 0, page: 1 },
  methods: {
    onShow() {
      const officer = auth.currentOfficer()
      if (!officer) {
        wx.redirectTo({ url: '/pages/officer/login' })
        return
      }
      this.setData({ officerName: officer.displayName + '（' + officer.unionName + '）' })
      return this.load(1)
    },

    async onPullDownRefresh() {
      await this.load(1)
      wx.stopPullDownRefresh()
    },

    onReachBottom() {
      if (this.data.items.length < this.data.total) {
        return this.load(this.data.page + 1)
      }
    },

    /** @param {number} page */
    async load(page) {
      try {
        const answer = await officerApi.applications({ page, pageSize: 20 })
        this.setData({ loaded: true, items: page === 1 ? answer.items : this.data.items.concat(answer.items), total: answer.total, page })
      } catch (e) { /* shown */ }
    },

    /** @param {any} e */
    onOpen(e) {
      wx.navigateTo({ url: '/pages/officer/review?id=' + e.currentTarget.dataset.id })
    },
  },
})
