const quizApi = require('../../api/quiz')
const choice = require('../../utils/choice')
const { newIdempotencyKey } = require('../../utils/request')

/** @param {any} result */
function withText(result) {
  return Object.assign({}, result, { correctText: result.correctOptionIds.join('、') })
}

Component({
  data: {
    loaded: false,
    /** @type {any} */
    daily: null,
    /** @type {any} */
    question: null,
    /** @type {string[]} */
    chosen: [],
    /** @type {any} */
    result: null,
    streak: { current: 0, longest: 0 },
    busy: false,
    errorText: '',
    answerKey: '',
  },
  methods: {
    onShow() {
      return this.load()
    },

    async load() {
      try {
        const daily = await quizApi.daily()
        const chosen = daily.result ? daily.result.chosen : []
        this.setData({
          loaded: true,
          daily,
          chosen,
          result: daily.result ? withText(daily.result) : null,
          streak: daily.streak,
          question: choice.render(daily.question, chosen, daily.result ? daily.result.correctOptionIds : undefined),
        })
      } catch (e) { /* shown */ }
    },

    /** @param {any} e */
    onChoose(e) {
      if (this.data.result) return
      const chosen = choice.toggle(this.data.daily.question.kind, this.data.chosen, e.currentTarget.dataset.id)
      this.setData({ chosen, errorText: '', question: choice.render(this.data.daily.question, chosen) })
    },

    async onAnswer() {
      if (this.data.chosen.length === 0) {
        this.setData({ errorText: '请先选择答案' })
        return
      }
      // One key for this day's answer: tapping again after a lost reply never answers twice.
      const key = this.data.answerKey || newIdempotencyKey()
      this.setData({ busy: true, errorText: '', answerKey: key })
      try {
        const answer = await quizApi.answerDaily(this.data.chosen, key)
        const result = answer.result || answer
        this.setData({
          result: withText(result),
          streak: answer.streak || this.data.streak,
          question: choice.render(this.data.daily.question, result.chosen, result.correctOptionIds),
        })
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
      } finally {
        this.setData({ busy: false })
      }
    },

    onPractice() {
      wx.navigateTo({ url: '/pages/quiz/practice' })
    },
    onCalendar() {
      wx.navigateTo({ url: '/pages/quiz/calendar' })
    },
    onWrongBook() {
      wx.navigateTo({ url: '/pages/quiz/wrong-book' })
    },
    onCampaigns() {
      wx.navigateTo({ url: '/pages/quiz/campaigns' })
    },
  },
})
