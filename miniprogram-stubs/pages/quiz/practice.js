const quizApi = require('../../api/quiz')
const choice = require('../../utils/choice')

Component({
  data: {
    mode: 'sequential',
    finished: false,
    /** @type {any} */
    raw: null,
    /** @type {any} */
    question: null,
    /** @type {string[]} */
    chosen: [],
    /** @type {any} */
    feedback: null,
    /** @type {any} */
    progress: null,
    busy: false,
    errorText: '',
  },
  methods: {
    onLoad() {
      return this.next()
    },

    async next() {
      try {
        const answer = await quizApi.practiceNext(/** @type {any} */ (this.data.mode))
        this.setData({
          finished: answer.finished, progress: answer.progress, raw: answer.question, chosen: [], feedback: null, errorText: '',
          question: answer.question ? choice.render(answer.question, []) : null,
        })
      } catch (e) { /* shown */ }
    },

    onWrongBook() {
      wx.navigateTo({ url: '/pages/quiz/wrong-book' })
    },

    onRandom() {
      this.setData({ mode: this.data.mode === 'random' ? 'sequential' : 'random' })
      return this.next()
    },

    /** @param {any} e */
    onChoose(e) {
      if (this.data.feedback) return
      const chosen = choice.toggle(this.data.raw.kind, this.data.chosen, e.currentTarget.dataset.id)
      this.setData({ chosen, errorText: '', question: choice.render(this.data.raw, chosen) })
    },

    async onAnswer() {
      if (this.data.chosen.length === 0) {
        this.setData({ errorText: '请先选择答案' })
        return
      }
      this.setData({ busy: true })
      try {
        const feedback = await quizApi.practiceAnswer(this.data.raw.questionId, this.data.chosen)
        this.setData({
          feedback: Object.assign({}, feedback, { correctText: feedback.correctOptionIds.join('、') }),
          progress: feedback.progress,
          question: choice.render(this.data.raw, feedback.chosen, feedback.correctOptionIds),
        })
      } catch (e) { /* shown */ } finally {
        this.setData({ busy: false })
      }
    },
  },
})
