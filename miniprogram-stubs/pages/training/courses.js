const trainingApi = require('../../api/training')
const format = require('../../utils/format')

Component({
  data: { loaded: false, keyword: '', /** @type {any[]} */ items: [], total: 0, page: 1 },
  methods: {
    onLoad() {
      return this.load(1)
    },

    onReachBottom() {
      if (this.data.items.length < this.data.total) return this.load(this.data.page + 1)
    },

    /** @param {number} page */
    async load(page) {
      try {
        const answer = await trainingApi.courses({ keyword: this.data.keyword.trim() || undefined, page, pageSize: 20 })
        const items = answer.items.map((/** @type {any} */ c) => Object.assign({}, c, {
          nextText: c.nextSessionStartsAt ? format.dateTime(c.nextSessionStartsAt) : '暂无班次',
          reasonText: c.ineligibleReasons.map((/** @type {any} */ r) => r.message).join('；'),
        }))
        this.setData({ loaded: true, items: page === 1 ? items : this.data.items.concat(items), total: answer.total, page })
      } catch (e) { /* shown */ }
    },

    /** @param {any} e */
    onKeyword(e) {
      this.setData({ keyword: e.detail.value })
    },

    onSearch() {
      return this.load(1)
    },

    /** @param {any} e */
    onOpen(e) {
      wx.navigateTo({ url: '/pages/training/course?id=' + e.currentTarget.dataset.id })
    },

    onMine() {
      wx.navigateTo({ url: '/pages/training/enrollments' })
    },
  },
})
