const trainingApi = require('../../api/training')
const format = require('../../utils/format')
const paged = require('../../utils/paged')
const checkIn = require('../../utils/check-in')

/** @param {string} title @param {string} content @returns {Promise<boolean>} */
function confirm(title, content) {
  return new Promise((resolve) => wx.showModal({ title, content, success: (res) => resolve(Boolean(res.confirm)), fail: () => resolve(false) }))
}

/** @param {any} e */
function decorate(e) {
  return Object.assign({}, e, {
    timeText: format.dateTime(e.startsAt) + ' 至 ' + format.dateTime(e.endsAt).slice(-5),
    checkedInText: e.checkedInAt ? format.dateTime(e.checkedInAt) : '',
    offerText: e.offerExpiresAt ? format.dateTime(e.offerExpiresAt) : '',
  })
}

Component({
  data: Object.assign(paged.data(), { message: '', errorText: '' }),
  methods: {
    ...paged.handlers(),
    onShow() {
      return paged.first(this)
    },

    async fetchPage() {
      return paged.whole((await trainingApi.mine()).map(decorate))
    },

    /** Scan the code the organiser shows on site (a 小程序码, or the older text code) and check in. */
    async onScan() {
      this.setData({ message: '', errorText: '' })
      const outcome = await checkIn.scanAndCheckIn((sessionId) => {
        const item = this.data.items.find((i) => i.sessionId === sessionId)
        return item ? item.sessionTitle : '本次培训'
      })
      if (!outcome) return // the person closed the camera
      this.setData(outcome.done ? { message: outcome.message } : { errorText: outcome.message })
      if (outcome.done) await paged.first(this)
    },

    /** @param {any} e */
    async onCancel(e) {
      const item = this.data.items.find((i) => i.id === e.currentTarget.dataset.id)
      if (!item || !(await confirm('取消报名', '确定不参加“' + item.courseTitle + '”了吗？名额会让给候补的工友。'))) return
      try {
        await trainingApi.cancel(item.sessionId)
        this.setData({ message: '已取消报名' })
        await paged.first(this)
      } catch (err) { /* shown */ }
    },

    /** @param {any} e */
    async onConfirmOffer(e) {
      const item = this.data.items.find((i) => i.id === e.currentTarget.dataset.id)
      if (!item) return
      try {
        await trainingApi.confirmOffer(item.sessionId)
        this.setData({ message: '名额已确认，请按时参加' })
        await paged.first(this)
      } catch (err) { /* shown */ }
    },

    onCourses() {
      wx.navigateTo({ url: '/pages/training/courses' })
    },
  },
})
