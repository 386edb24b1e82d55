const quizApi = require('../../api/quiz')
const format = require('../../utils/format')

Component({
  data: { loaded: false, /** @type {any[]} */ items: [] },
  methods: {
    onShow() {
      return this.load()
    },

    async load() {
      try {
        const campaigns = await quizApi.campaigns()
        this.setData({
          loaded: true,
          items: campaigns.map((/** @type {any} */ c) => Object.assign({}, c, { endsText: format.dateTime(c.endsAt) })),
        })
      } catch (e) { /* shown */ }
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
  },
})
