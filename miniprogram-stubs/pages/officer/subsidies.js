const subsidiesApi = require('../../api/subsidies')
const auth = require('../../utils/auth')
const format = require('../../utils/format')
const paged = require('../../utils/paged')

/** @param {string} title @param {string} content @returns {Promise<boolean>} */
function confirm(title, content) {
  return new Promise((resolve) => wx.showModal({ title, content, success: (res) => resolve(Boolean(res.confirm)), fail: () => resolve(false) }))
}

/**
 * 补贴审核: the subsidy applications waiting at the officer's level (the reminders and escalations link here), one
 * opened in place with its materials and audit, then 通过 / 退回补正 / 不予通过.
 */
Component({
  data: Object.assign(paged.data(), {
    officerName: '',
    /** @type {any} */
    application: null,
    reason: '',
    busy: false,
    decision: '',
    errorText: '',
  }),
  methods: {
    ...paged.handlers(),
    /** @param {{ id?: string }} query */
    onLoad(query) {
      const officer = auth.currentOfficer()
      if (!officer) {
        wx.redirectTo({ url: '/pages/officer/login' })
        return
      }
      this.setData({ officerName: officer.displayName + '（' + officer.unionName + '）' })
      return query && query.id ? this.open(query.id) : paged.first(this)
    },

    /** No more of the queue while one application is open on top of it. */
    onReachBottom() {
      return this.data.application ? undefined : paged.more(this)
    },

    /** @param {number} n */
    async fetchPage(n) {
      const answer = await subsidiesApi.officer.applications({ view: 'queue', page: n, pageSize: paged.PAGE_SIZE })
      return {
        items: answer.items.map((/** @type {any} */ i) => Object.assign({}, i, {
          submittedText: i.submittedAt ? format.dateTime(i.submittedAt) : '',
          dueText: i.dueAt ? format.dateTime(i.dueAt) : '',
        })),
        total: answer.total,
      }
    },

    /** @param {any} e */
    onOpen(e) {
      return this.open(e.currentTarget.dataset.id)
    },

    /** @param {string} id */
    async open(id) {
      try {
        const application = await subsidiesApi.officer.application(id)
        this.setData({
          reason: '', decision: '', errorText: '',
          application: Object.assign({}, application, {
            submittedText: application.submittedAt ? format.dateTime(application.submittedAt) : '',
            audit: application.audit.slice().reverse().map((/** @type {any} */ a) => Object.assign({}, a, { atText: format.dateTime(a.at) })),
          }),
        })
      } catch (e) { /* shown */ }
    },

    /** @param {any} e */
    onReason(e) {
      this.setData({ reason: e.detail.value, errorText: '' })
    },

    async onApprove() {
      const a = this.data.application
      if (!(await confirm('审核通过', '确定通过' + (a.applicantName || '') + '的' + a.program.name + '申请吗？'))) return
      await this.decide(async () => {
        const answer = await subsidiesApi.officer.approve(a.id, this.data.reason.trim())
        return answer.nextLevelText ? '本级已通过，转' + answer.nextLevelText + '审核' : '已通过（' + answer.statusText + '）'
      })
    },

    async onReturn() {
      const reason = this.requireReason()
      if (!reason || !(await confirm('退回补正', '申请人会看到您写的原因，补正后回到您这里。确定退回吗？'))) return
      await this.decide(async () => {
        await subsidiesApi.officer.returnForCorrection(this.data.application.id, reason)
        return '已退回，等申请人补正'
      })
    },

    async onReject() {
      const reason = this.requireReason()
      if (!reason || !(await confirm('不予通过', '不通过后这份申请就办结了。确定不予通过吗？'))) return
      await this.decide(async () => {
        await subsidiesApi.officer.reject(this.data.application.id, reason)
        return '已不予通过'
      })
    },

    /** @returns {string} */
    requireReason() {
      const reason = this.data.reason.trim()
      if (!reason) this.setData({ errorText: '请在上面写明原因，申请人会看到' })
      return reason
    },

    /** @param {() => Promise<string>} action */
    async decide(action) {
      this.setData({ busy: true, errorText: '' })
      try {
        this.setData({ decision: await action() })
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
      } finally {
        this.setData({ busy: false })
      }
    },

    onBack() {
      this.setData({ application: null, decision: '' })
      return paged.first(this)
    },
  },
})
