const trainingApi = require('../../api/training')
const format = require('../../utils/format')

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
    canCheckIn: e.status === 'confirmed',
  })
}

Component({
  data: { loaded: false, /** @type {any[]} */ items: [], message: '', errorText: '' },
  methods: {
    onShow() {
      return this.load()
    },

    async onPullDownRefresh() {
      await this.load()
      wx.stopPullDownRefresh()
    },

    async load() {
      try {
        const items = await trainingApi.mine()
        this.setData({ loaded: true, items: items.map(decorate) })
      } catch (e) { /* shown */ }
    },

    /**
     * Scan the code the organiser shows on site: `wx.scanCode` → `POST /api/training/sessions/{id}/check-in`.
     */
    async onScan() {
      this.setData({ message: '', errorText: '' })
      /** @type {any} */
      let scanned
      try {
        scanned = await new Promise((resolve, reject) => wx.scanCode({ onlyFromCamera: true, scanType: ['qrCode'], success: resolve, fail: reject }))
      } catch (e) {
        return // the person closed the camera
      }
      const code = trainingApi.parseCheckInCode(scanned.result)
      if (!code) {
        this.setData({ errorText: '这不是培训签到码，请扫描老师出示的签到二维码' })
        return
      }
      try {
        const result = await trainingApi.checkIn(code.sessionId, code.token)
        const item = this.data.items.find((i) => i.sessionId === code.sessionId)
        const name = item ? item.sessionTitle : '本次培训'
        this.setData({ message: result.alreadyCheckedIn ? name + '：您已经签过到了' : name + '：签到成功' })
        await this.load()
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '签到没有成功，请再扫一次' })
      }
    },

    /** @param {any} e */
    async onCancel(e) {
      const item = this.data.items.find((i) => i.id === e.currentTarget.dataset.id)
      if (!item || !(await confirm('取消报名', '确定不参加“' + item.courseTitle + '”了吗？名额会让给候补的工友。'))) return
      try {
        await trainingApi.cancel(item.sessionId)
        this.setData({ message: '已取消报名' })
        await this.load()
      } catch (err) { /* shown */ }
    },

    /** @param {any} e */
    async onConfirmOffer(e) {
      const item = this.data.items.find((i) => i.id === e.currentTarget.dataset.id)
      if (!item) return
      try {
        await trainingApi.confirmOffer(item.sessionId)
        this.setData({ message: '名额已确认，请按时参加' })
        await this.load()
      } catch (err) { /* shown */ }
    },

    onCourses() {
      wx.navigateTo({ url: '/pages/training/courses' })
    },
  },
})
