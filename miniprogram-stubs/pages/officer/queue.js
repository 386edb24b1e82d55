const officerApi = require('../../api/officer')
const auth = require('../../utils/auth')
const paged = require('../../utils/paged')

Component({
  data: Object.assign(paged.data(), { officerName: '' }),
  methods: {
    ...paged.handlers(),
    onShow() {
      const officer = auth.currentOfficer()
      if (!officer) {
        wx.redirectTo({ url: '/pages/officer/login' })
        return undefined
      }
      this.setData({ officerName: officer.displayName + '（' + officer.unionName + '）' })
      return paged.first(this)
    },

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
