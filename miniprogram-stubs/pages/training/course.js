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

    /** @param {any} e */
    async onEnroll(e) {
      const sessionId = e.currentTarget.dataset.id
      const key = this.data.enrollingSession === sessionId && this.data.enrollKey ? this.data.enrollKey : newIdempotencyKey()
      this.setData({ busy: true, errorText: '', enrollKey: key, enrollingSession: sessionId })
      try {
        const enrolled = await trainingApi.enroll(sessionId, key)
        this.setData({ enrolled, enrollKey: '', enrollingSession: '' })
        await this.load()
        // Right after enrolling: reminders the day before, and word when a waitlisted seat comes free.
        await askToSubscribe([config.templates.reviewResult, config.templates.notice])
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
      } finally {
        this.setData({ busy: false })
      }
    },

    onMine() {
      wx.navigateTo({ url: '/pages/training/enrollments' })
    },
  },
})
