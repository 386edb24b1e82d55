const quizApi = require('../../api/quiz')

const CHINA_OFFSET_MS = 8 * 3600 * 1000
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** @returns {{ month: string, day: string }} this month and today in China (yyyy-MM, yyyy-MM-dd) */
function chinaToday() {
  const iso = new Date(Date.now() + CHINA_OFFSET_MS).toISOString()
  return { month: iso.slice(0, 7), day: iso.slice(0, 10) }
}

/**
 * @param {string} month yyyy-MM
 * @param {number} delta months to move
 */
function shift(month, delta) {
  const [y, m] = month.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1 + delta, 1))
  return t.toISOString().slice(0, 7)
}

/**
 * The weeks of a month, Sunday first, each day with how I answered it.
 * @param {string} month yyyy-MM
 * @param {Record<string, boolean>} answered date → answered correctly
 * @param {string} today yyyy-MM-dd
 */
function weeks(month, answered, today) {
  const [y, m] = month.split('-').map(Number)
  const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay()
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate()
  /** @type {any[]} */
  const cells = []
  for (let i = 0; i < first; i++) cells.push({ key: 'b' + i, blank: true })
  for (let d = 1; d <= length; d++) {
    const date = month + '-' + (d < 10 ? '0' + d : String(d))
    const done = Object.prototype.hasOwnProperty.call(answered, date)
    cells.push({
      key: date, day: d, today: date === today, answered: done, correct: done && answered[date],
      label: d + '日' + (done ? (answered[date] ? '，答对了' : '，答错了') : '，没有答题'),
    })
  }
  /** @type {any[][]} */
  const rows = []
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7))
  return rows.map((days, i) => ({ key: month + '-w' + i, days }))
}

/**
 * 答题日历: each day of a month on which I answered 今日一题 (right or wrong), my current and longest streak, and how
 * many days in all. Earlier months one tap away.
 */
Component({
  data: {
    loaded: false,
    failed: false,
    loadError: '',
    month: '',
    monthText: '',
    thisMonth: '',
    weekdays: WEEKDAYS,
    /** @type {any[]} */
    weeks: [],
    answeredDays: 0,
    correctDays: 0,
    totalDays: 0,
    streak: { current: 0, longest: 0 },
  },
  methods: {
    onLoad() {
      const today = chinaToday()
      this.setData({ month: today.month, thisMonth: today.month })
      return this.load()
    },

    async load() {
      const month = this.data.month
      try {
        const calendar = await quizApi.calendar(month)
        /** @type {Record<string, boolean>} */
        const answered = {}
        calendar.days.forEach((/** @type {any} */ d) => { answered[d.date] = d.isCorrect })
        const [y, m] = month.split('-').map(Number)
        this.setData({
          loaded: true,
          failed: false,
          monthText: y + '年' + m + '月',
          weeks: weeks(month, answered, chinaToday().day),
          answeredDays: calendar.days.length,
          correctDays: calendar.days.filter((/** @type {any} */ d) => d.isCorrect).length,
          totalDays: calendar.totalDays,
          streak: calendar.streak,
        })
      } catch (e) {
        if (!this.data.loaded) this.setData({ failed: true, loadError: /** @type {any} */ (e).detail || '没有加载出来，请检查网络后重试' })
      }
    },

    onRetry() {
      return this.load()
    },

    onPrevious() {
      this.setData({ month: shift(this.data.month, -1) })
      return this.load()
    },

    onNext() {
      if (this.data.month >= this.data.thisMonth) return undefined
      this.setData({ month: shift(this.data.month, 1) })
      return this.load()
    },

    onDaily() {
      wx.navigateTo({ url: '/pages/quiz/daily' })
    },
  },
})
