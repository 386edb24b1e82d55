const trainingApi = require('../../api/training')
const format = require('../../utils/format')
const paged = require('../../utils/paged')

Component({
  data: Object.assign(paged.data(), { keyword: '' }),
  methods: {
    ...paged.handlers(),
    onLoad() { return paged.first(this) },

    /** @param {number} n */
    async fetchPage(n) {
      const answer = await trainingApi.courses({ keyword: this.data.keyword.trim() || undefined, page: n, pageSize: paged.PAGE_SIZE })
      return {
        items: answer.items.map((/** @type {any} */ c) => Object.assign({}, c, {
          nextText: c.nextSessionStartsAt ? format.dateTime(c.nextSessionStartsAt) : '暂无班次',
          reasonText: c.ineligibleReasons.map((/** @type {any} */ r) => r.message).join('；'),
        })),
        total: answer.total,
      }
    },

    /** @param {any} e */
    onKeyword(e) {
      this.setData({ keyword: e.detail.value })
    },

    /** A new search starts from the skeleton: the old results are not what was asked for. */
    onSearch() {
      this.setData({ items: [], listState: 'loading' })
      return paged.first(this)
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
