const quizApi = require('../../api/quiz')
const format = require('../../utils/format')
const paged = require('../../utils/paged')

Component({
  data: paged.data(),
  methods: {
    ...paged.handlers(),
    onShow() { return paged.first(this) },

    async fetchPage() {
      const campaigns = await quizApi.campaigns()
      return paged.whole(campaigns.map((/** @type {any} */ c) => Object.assign({}, c, { endsText: format.dateTime(c.endsAt) })))
    },

    /** @param {any} e */
    onOpen(e) {
      wx.navigateTo({ url: '/pages/quiz/campaign?id=' + e.currentTarget.dataset.id })
    },
    onDaily() {
      wx.navigateTo({ url: '/pages/quiz/daily' })
    },
    onPractice() {
      wx.navigateTo({ url: '/pages/quiz/practice' })
    },
    onWrongBook() {
      wx.navigateTo({ url: '/pages/quiz/wrong-book' })
    },
  },
})
