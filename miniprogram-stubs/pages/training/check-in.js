const trainingApi = require('../../api/training')
const auth = require('../../utils/auth')
const format = require('../../utils/format')
const checkIn = require('../../utils/check-in')

/**
 * 培训签到: the page a check-in 小程序码 opens, whether WeChat's own 扫一扫 read it or the 扫码签到 button did. The code
 * (getwxacodeunlimit, the officer's screen) carries `scene`: the session and the token of the current 30 seconds.
 * Someone not logged in logs in first and comes back here.
 */
Component({
  data: {
    stage: 'checking',
    message: '',
    /** @type {any} */
    enrollment: null,
  },
  methods: {
    /** @param {{ scene?: string }} query */
    onLoad(query) {
      // WeChat hands the scene URL-encoded (getwxacodeunlimit's documentation: decodeURIComponent before use).
      const scene = query && query.scene ? decodeURIComponent(query.scene) : ''
      const code = trainingApi.parseCheckInScene(scene)
      if (!code) {
        this.setData({ stage: 'failed', message: '这个签到码不完整，请扫描现场屏幕上的签到二维码' })
        return undefined
      }
      if (!auth.isWorkerLoggedIn()) {
        const back = '/pages/training/check-in?scene=' + encodeURIComponent(scene)
        wx.redirectTo({ url: '/pages/login/login?redirect=' + encodeURIComponent(back) })
        return undefined
      }
      return this.submit(code)
    },

    /** @param {{ sessionId: string, token: string }} code */
    async submit(code) {
      this.setData({ stage: 'checking', message: '' })
      const outcome = await checkIn.checkIn(code, '本次培训')
      return this.show(outcome)
    },

    /** @param {import('../../utils/check-in').CheckInOutcome} outcome */
    async show(outcome) {
      let enrollment = null
      if (outcome.sessionId) {
        try {
          const mine = await trainingApi.mine()
          enrollment = mine.find((/** @type {any} */ e) => e.sessionId === outcome.sessionId) || null
        } catch (e) { /* the outcome is what matters */ }
      }
      const name = enrollment ? enrollment.courseTitle + ' ' + enrollment.sessionTitle : ''
      this.setData({
        stage: outcome.done ? 'done' : 'failed',
        message: name && outcome.done ? outcome.message.replace('本次培训', name) : outcome.message,
        enrollment: enrollment && Object.assign({}, enrollment, {
          timeText: format.dateTime(enrollment.startsAt),
          checkedInText: enrollment.checkedInAt ? format.dateTime(enrollment.checkedInAt) : '',
        }),
      })
    },

    /** 再扫一次: the screen shows a new code every 30 seconds. */
    async onScanAgain() {
      const outcome = await checkIn.scanAndCheckIn(() => '本次培训')
      if (outcome) await this.show(outcome)
    },

    onMine() {
      wx.redirectTo({ url: '/pages/training/enrollments' })
    },
  },
})
