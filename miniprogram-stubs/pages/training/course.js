const trainingApi = require('../../api/training')
const format = require('../../utils/format')
const config = require('../../utils/config')
const { askToSubscribe } = require('../../utils/subscribe')
const { newIdempotencyKey } = require('../../utils/request')

Component({
  data: {
    courseId: '',
    /** @type {any} */
    course: null,
    busy: false,
    /** The session being enrolled in and the key kept for a person's own retries of it. */
    enrollKey: '',
    enrollingSession: '',
    /** @type {any} */
    enrolled: null,
    errorText: '',
  },
  methods: {
    /** @param {{ id?: string }} query */
    onLoad(query) {
      this.setData({ courseId: (query && query.id) || '' })
      return this.load()
    },

    async load() {
      try {
        const course = await trainingApi.course(this.data.courseId)
        this.setData({
          course: Object.assign({}, course, {
            reasonText: course.ineligibleReasons.map((/** @type {any} */ r) => r.message).join('；'),
            sessions: course.sessions.map((/** @type {any} */ s) => Object.assign({}, s, {
              timeText: format.dateTime(s.startsAt) + ' 至 ' + format.dateTime(s.endsAt).slice(-5),
              closesText: format.dateTime(s.enrollmentClosesAt),
              canEnroll: course.eligible && s.enrollmentOpen && !s.myEnrollment,
            })),
          }),
        })
      } catch (e) { /* shown */ }
    },

    /**
     * 报名: the WeChat reminder prompt (the day before; word when a waitlisted seat comes free) is asked for at the tap
     * itself, as WeChat requires, while the enrolment goes to the server.
     * @param {any} e
     */
    onEnroll(e) {
      const asked = askToSubscribe([config.templates.reviewResult, config.templates.notice])
      return this.enroll(e.currentTarget.dataset.id, asked)
    },

    /**
     * @param {string} sessionId
     * @param {Promise<Record<string, string>>} asked the reminder prompt, answered whenever the person answers it
     */
    async enroll(sessionId, asked) {
      const key = this.data.enrollingSession === sessionId && this.data.enrollKey ? this.data.enrollKey : newIdempotencyKey()
      this.setData({ busy: true, errorText: '', enrollKey: key, enrollingSession: sessionId })
      try {
        const enrolled = await trainingApi.enroll(sessionId, key)
        this.setData({ enrolled, enrollKey: '', enrollingSession: '' })
        await this.load()
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
      } finally {
        this.setData({ busy: false })
      }
      await asked
    },

    onMine() {
      wx.navigateTo({ url: '/pages/training/enrollments' })
    },
  },
})
