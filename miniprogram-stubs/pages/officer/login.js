const auth = require('../../utils/auth')
const config = require('../../utils/config')
const { askToSubscribe } = require('../../utils/subscribe')

const REVIEW_MEMBERSHIP = 'ReviewMembership'
const REVIEW_SUBSIDIES = 'ReviewSubsidies'

Component({
  data: {
    username: '',
    password: '',
    busy: false,
    errorText: '',
    /** @type {import('../../utils/auth').OfficerSummary | null} */
    officer: null,
    canReview: false,
    canReviewSubsidies: false,
    bound: false,
    subscribed: '',
  },
  methods: {
    onLoad() {
      this.showOfficer(auth.currentOfficer())
    },

    /** @param {import('../../utils/auth').OfficerSummary | null} officer */
    showOfficer(officer) {
      this.setData({
        officer,
        canReview: Boolean(officer && officer.permissions.indexOf(REVIEW_MEMBERSHIP) >= 0),
        canReviewSubsidies: Boolean(officer && officer.permissions.indexOf(REVIEW_SUBSIDIES) >= 0),
      })
    },

    /** @param {any} e */
    onInput(e) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value })
    },

    async onLogin() {
      const username = this.data.username.trim()
      if (!username || !this.data.password) {
        this.setData({ errorText: '请填写账号和密码' })
        return
      }
      this.setData({ busy: true, errorText: '' })
      try {
        this.showOfficer(await auth.loginOfficer(username, this.data.password))
        this.setData({ password: '' })
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail })
      } finally {
        this.setData({ busy: false })
      }
    },

    async onBind() {
      try {
        await auth.bindOfficerWeChat()
        this.setData({ bound: true })
      } catch (e) { /* shown */ }
    },

    async onSubscribe() {
      const results = await askToSubscribe([config.templates.notice], 'officer')
      this.setData({ subscribed: results[config.templates.notice] === 'accept' ? '好的，有待审核的申请时微信会提醒您。' : '没有开启微信提醒。' })
    },

    onQueue() {
      wx.navigateTo({ url: '/pages/officer/queue' })
    },

    onSubsidies() {
      wx.navigateTo({ url: '/pages/officer/subsidies' })
    },

    onInbox() {
      wx.navigateTo({ url: '/pages/officer/inbox' })
    },

    onVerifyCard() {
      wx.navigateTo({ url: '/pages/officer/verify-card' })
    },

    async onLogout() {
      await auth.logout('officer')
      this.setData({ bound: false, subscribed: '', username: '' })
      this.showOfficer(null)
    },
  },
})
