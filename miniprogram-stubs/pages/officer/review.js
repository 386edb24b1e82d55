const officerApi = require('../../api/officer')
const format = require('../../utils/format')

/**
 * @param {string} title
 * @param {string} content
 * @returns {Promise<boolean>}
 */
function confirm(title, content) {
  return new Promise((resolve) => wx.showModal({ title, content, success: (res) => resolve(Boolean(res.confirm)), fail: () => resolve(false) }))
}

Component({
  data: {
    /** @type {any} */
    application: null,
    applicationId: '',
    reason: '',
    busy: false,
    errorText: '',
    decision: '',
  },
  methods: {
    /** @param {{ id?: string }} query */
    onLoad(query) {
      if (!query || !query.id) {
        // The officers' daily digest links here without naming an application: the queue is what it means.
        wx.redirectTo({ url: '/pages/officer/queue' })
        return
      }
      this.setData({ applicationId: query.id })
      return this.load()
    },

    async load() {
      try {
        const application = await officerApi.application(this.data.applicationId)
        this.setData({
          application: Object.assign({}, application, {
            channelText: format.labelOf(format.channels, application.channel),
            // Only the year is sent beside the masked ID number (the full date would give most of it away).
            birthText: application.birthYear ? application.birthYear + '年' : '',
            submittedText: format.dateTime(application.submittedAt),
          }),
        })
      } catch (e) { /* shown */ }
    },

    /** @param {any} e */
    onReason(e) {
      this.setData({ reason: e.detail.value, errorText: '' })
    },

    async onApprove() {
      const name = this.data.application.applicantName
      if (!(await confirm('通过申请', '确定通过' + name + '的入会申请吗？通过后会发放会员号。'))) return
      await this.decide(async () => {
        const answer = await officerApi.approve(this.data.applicationId, this.data.reason.trim())
        return '已通过，会员号 ' + answer.membershipNumber
      })
    },

    async onReturn() {
      const reason = this.requireReason()
      if (!reason || !(await confirm('退回修改', '申请人会看到您写的原因，改好后可以重新提交。确定退回吗？'))) return
      await this.decide(async () => {
        await officerApi.returnForCorrection(this.data.applicationId, reason)
        return '已退回，等申请人修改后重新提交'
      })
    },

    async onReject() {
      const reason = this.requireReason()
      if (!reason || !(await confirm('不予通过', '不通过后这份申请就办结了。确定不予通过吗？'))) return
      await this.decide(async () => {
        await officerApi.reject(this.data.applicationId, reason)
        return '已不予通过'
      })
    },

    /** @returns {string} */
    requireReason() {
      const reason = this.data.reason.trim()
      if (!reason) {
        this.setData({ errorText: '请在上面写明原因，申请人会看到' })
      }
      return reason
    },

    /** @param {() => Promise<string>} action */
    async decide(action) {
      this.setData({ busy: true, errorText: '' })
      try {
        const decision = await action()
        this.setData({ decision })
      } catch (err) {
        const error = /** @type {any} */ (err)
        this.setData({ errorText: error.detail || '' })
        if (error.code === 'membership.already_decided') {
          await this.load()
        }
      } finally {
        this.setData({ busy: false })
      }
    },

    onBack() {
      wx.navigateBack({ delta: 1 })
    },
  },
})
