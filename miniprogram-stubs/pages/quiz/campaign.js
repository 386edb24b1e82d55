const quizApi = require('../../api/quiz')
const choice = require('../../utils/choice')
const format = require('../../utils/format')
const store = require('../../utils/quiz-store')
const { newIdempotencyKey } = require('../../utils/request')

/** The running countdown of each open page (a timer handle is no page data). */
const timers = new WeakMap()

/** @param {number} seconds */
function clock(seconds) {
  const s = Math.max(0, seconds)
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0')
}

/** @param {any} campaign */
function describe(campaign) {
  return Object.assign({}, campaign, {
    periodText: format.dateTime(campaign.startsAt) + ' 至 ' + format.dateTime(campaign.endsAt),
    limitText: Math.round(campaign.timeLimitSeconds / 60) >= 1 ? Math.round(campaign.timeLimitSeconds / 60) + ' 分钟' : campaign.timeLimitSeconds + ' 秒',
    canStart: campaign.phase === 'open' && (Boolean(campaign.me.inProgressAttemptId) || campaign.me.attemptsLeftToday > 0),
  })
}

Component({
  data: {
    campaignId: '',
    /** @type {any} */
    campaign: null,
    /** `intro` (the campaign and my progress), `answering` (a timed attempt), `result` */
    stage: 'intro',
    /** @type {any} */
    attempt: null,
    /** @type {any[]} */
    questions: [],
    /** @type {Record<string, string[]>} */
    chosen: {},
    current: 0,
    secondsLeft: 0,
    clockText: '',
    /** The server's deadline for this attempt, in China time (the countdown follows the server, not this phone's clock). */
    deadlineText: '',
    /** @type {any} */
    result: null,
    /** @type {any} */
    board: null,
    busy: false,
    startKey: '',
    submitKey: '',
    errorText: '',
  },
  methods: {
    /** @param {{ id?: string }} query notifications (opening, last day, prize) name the campaign */
    onLoad(query) {
      if (!query || !query.id) {
        wx.redirectTo({ url: '/pages/quiz/campaigns' })
        return
      }
      this.setData({ campaignId: query.id })
      return this.load()
    },

    onUnload() {
      this.stopClock()
    },

    /** Back from the background (WeChat pauses timers there): the server says how much time is really left. */
    async onShow() {
      if (this.data.stage !== 'answering' || !this.data.attempt) return
      try {
        const attempt = await quizApi.attempt(this.data.attempt.id)
        if (attempt.status !== 'inProgress') {
          this.stopClock()
          store.clear(attempt.id)
          this.showResult(attempt)
          return
        }
        this.startClock(Date.now() + attempt.secondsLeft * 1000)
      } catch (e) { /* shown; the clock keeps running on what it knew */ }
    },

    async load() {
      try {
        const campaign = describe(await quizApi.campaign(this.data.campaignId))
        this.setData({ campaign })
        await this.loadBoard()
      } catch (e) { /* shown */ }
    },

    async loadBoard() {
      try {
        const board = await quizApi.leaderboard(this.data.campaignId, 'individual')
        this.setData({ board: Object.assign({}, board, { rows: (board.individuals || []).map((/** @type {any} */ r) => Object.assign({}, r, { durationText: Math.round(r.durationSeconds) + ' 秒' })) }) })
      } catch (e) { /* shown */ }
    },

    /** Starts an attempt, or continues the one in progress (the server answers with it again). */
    async onStart() {
      const key = this.data.startKey || newIdempotencyKey()
      this.setData({ busy: true, errorText: '', startKey: key })
      /** @type {any} */
      let attempt
      try {
        attempt = this.data.campaign.me.inProgressAttemptId
          ? await quizApi.attempt(this.data.campaign.me.inProgressAttemptId)
          : await quizApi.start(this.data.campaignId, key)
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
        return
      } finally {
        this.setData({ busy: false })
      }
      this.setData({ startKey: '' })
      this.begin(attempt)
    },

    /**
     * Shows an attempt in progress: answers chosen before (kept on the phone) come back, the same hand-in key is used.
     * @param {any} attempt
     */
    begin(attempt) {
      if (attempt.status !== 'inProgress') {
        store.clear(attempt.id)
        this.showResult(attempt)
        return
      }
      const saved = store.load(attempt.id)
      /** @type {Record<string, string[]>} */
      const chosen = {}
      attempt.questions.forEach((/** @type {any} */ q) => {
        const before = saved && saved.chosen[q.questionId]
        chosen[q.questionId] = Array.isArray(before) ? before.filter((id) => q.options.some((/** @type {any} */ o) => o.id === id)) : []
      })
      const current = saved ? Math.min(Math.max(0, saved.current), attempt.questions.length - 1) : 0
      const submitKey = saved ? saved.submitKey : newIdempotencyKey()
      store.save(attempt.id, { chosen, current, submitKey })
      this.setData({
        stage: 'answering', attempt, chosen, current, submitKey,
        deadlineText: format.dateTime(attempt.deadline).slice(-5),
        questions: attempt.questions.map((/** @type {any} */ q) => choice.render(q, chosen[q.questionId])),
      })
      // The server's secondsLeft, counted from the moment its answer arrived: a phone whose clock is wrong still
      // shows the right time left.
      this.startClock(Date.now() + attempt.secondsLeft * 1000)
    },

    remember() {
      const { attempt, chosen, current, submitKey } = this.data
      if (attempt) store.save(attempt.id, { chosen, current, submitKey })
    },

    /** @param {number} endsAt this phone's time when the server's deadline falls */
    startClock(endsAt) {
      this.stopClock()
      const tick = () => {
        const secondsLeft = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000))
        this.setData({ secondsLeft, clockText: clock(secondsLeft) })
        if (secondsLeft === 0) {
          timers.delete(this)
          // Time is up: hand in what has been answered; the server counts nothing after its own deadline.
          this.onSubmit()
          return
        }
        timers.set(this, setTimeout(tick, 1000))
      }
      tick()
    },

    stopClock() {
      const timer = timers.get(this)
      if (timer !== undefined) clearTimeout(timer)
      timers.delete(this)
    },

    /** @param {any} e */
    onChoose(e) {
      const question = this.data.attempt.questions[this.data.current]
      const picked = choice.toggle(question.kind, this.data.chosen[question.questionId], e.currentTarget.dataset.id)
      this.setData({
        chosen: Object.assign({}, this.data.chosen, { [question.questionId]: picked }),
        ['questions[' + this.data.current + ']']: choice.render(question, picked),
      })
      this.remember()
    },

    onPrevious() {
      if (this.data.current > 0) this.setData({ current: this.data.current - 1 })
      this.remember()
    },

    onNext() {
      if (this.data.current < this.data.questions.length - 1) this.setData({ current: this.data.current + 1 })
      this.remember()
    },

    async onSubmit() {
      if (this.data.stage !== 'answering' || this.data.busy) return
      this.setData({ busy: true, errorText: '' })
      const answers = this.data.attempt.questions.map((/** @type {any} */ q) => ({ questionId: q.questionId, optionIds: this.data.chosen[q.questionId] || [] }))
      try {
        const submitted = await quizApi.submit(this.data.attempt.id, answers, this.data.submitKey)
        this.stopClock()
        store.clear(submitted.id)
        this.showResult(submitted)
        await this.load()
      } catch (err) {
        // The answers and the key stay on the phone: 交卷 again (or 继续答题 later) sends the same hand-in.
        const error = /** @type {any} */ (err)
        if (error.code === 'quiz.attempt.deadline_passed' || error.code === 'quiz.attempt.already_submitted') {
          this.stopClock()
          store.clear(this.data.attempt.id)
        }
        this.setData({ errorText: error.detail || '交卷没有成功，请再点一次交卷' })
      } finally {
        this.setData({ busy: false })
      }
    },

    /** @param {any} attempt */
    showResult(attempt) {
      const result = attempt.result
      this.setData({
        stage: 'result',
        attempt,
        result: Object.assign({}, result, {
          durationText: Math.round(result.durationSeconds) + ' 秒',
          questions: result.questions.map((/** @type {any} */ q) => Object.assign(choice.render(q, q.chosen, q.correctOptionIds), {
            correctText: q.correctOptionIds.join('、'),
          })),
        }),
      })
    },

    onBackToIntro() {
      this.setData({ stage: 'intro', result: null, attempt: null })
    },
  },
})
