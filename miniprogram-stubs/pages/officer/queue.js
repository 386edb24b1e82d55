const officerApi = require('../../api/officer')
const auth = require('../../utils/auth')
const paged = require('../../utils/paged')

Component({
  data: Object.assign(paged.data(), { officerName: '' }),
  methods: {
    onShow() {
      const officer = auth.currentOfficer()
      if (!officer) {
        wx.redirectTo({ url: '/pages/officer/login' })
        return undefined
      }
      this.setData({ officerName: officer.displayName + '（' + officer.unionName + '）' })
      return paged.first(this)
    },
    onPullDownRefresh() { return paged.refresh(this) },
    onReachBottom() { return paged.more(this) },
    onRetry() { return paged.first(this) },
    onMore() { return paged.more(this) },

    /** @param {number} n */
    fetchPage(n) {
      return officerApi.applications({ page: n, pageSize: paged.PAGE_SIZE })
    },

    /** @param {any} e */
    onOpen(e) {
      wx.navigateTo({ url: '/pages/officer/review?id=' + e.currentTarget.dataset.id })
    },
  },
})
