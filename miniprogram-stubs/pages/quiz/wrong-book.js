const quizApi = require('../../api/quiz')
const choice = require('../../utils/choice')
const format = require('../../utils/format')
const paged = require('../../utils/paged')

/** @param {any} item a wrong-book entry as the API sends it */
function decorate(item) {
  return Object.assign({}, item, {
    id: item.question.questionId,
    question: choice.render(item.question, item.lastChosen, item.correctOptionIds),
    correctText: item.correctOptionIds.join('、'),
    chosenText: item.lastChosen.length ? item.lastChosen.join('、') : '未作答',
    answeredText: format.dateTime(item.lastAnsweredAt),
  })
}

/**
 * 错题本: the practice questions I last answered wrong, with my answer, the right one and why; one I have mastered can
 * be taken out (answering it right in practice takes it out too).
 */
Component({
  data: paged.data(),
  methods: {
    ...paged.handlers(),
    onShow() { return paged.first(this) },

    /** @param {number} n */
    async fetchPage(n) {
      const answer = await quizApi.wrongBook(n)
      return { items: answer.items.map(decorate), total: answer.total }
    },

    /** @param {any} e */
    async onMastered(e) {
      const questionId = e.currentTarget.dataset.id
      try {
        await quizApi.removeFromWrongBook(questionId)
        this.setData({
          items: this.data.items.filter((i) => i.question.questionId !== questionId),
          total: Math.max(0, this.data.total - 1),
        })
        wx.showToast({ title: '已移出错题本', icon: 'success' })
      } catch (err) { /* shown */ }
    },

    onPractice() {
      wx.navigateTo({ url: '/pages/quiz/practice' })
    },
  },
})
