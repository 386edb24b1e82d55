const auth = require('../../utils/auth')
const nav = require('../../utils/nav')
const profileApi = require('../../api/profile')
const membershipApi = require('../../api/membership')
const trainingApi = require('../../api/training')
const subsidiesApi = require('../../api/subsidies')

/** Subsidy applications with nothing more to happen (the rest are 在办). */
const FINISHED = ['paid', 'rejected', 'notSelected', 'withdrawn', 'expired']

/**
 * 我的 (tab): who I am, my card, my applications, enrolments and subsidies with how many of each, and my account
 * (a copy of my data, the agreements, cancelling the account, logging out).
 */
Component({
  data: {
    loaded: false,
    failed: false,
    loadError: '',
    name: '',
    phoneMasked: '',
    membershipNumber: '',
    applicationText: '',
    enrollmentCount: 0,
    subsidyCount: 0,
    subsidyOpen: 0,
  },
  methods: {
    onShow() {
      if (!auth.isWorkerLoggedIn()) {
        wx.reLaunch({ url: '/pages/login/login' })
        return undefined
      }
      return this.load()
    },

    async onPullDownRefresh() {
      await this.load()
      wx.stopPullDownRefresh()
    },

    onRetry() {
      return this.load()
    },

    async load() {
      // The profile is the page; the counts are extras that may be missing on a bad network.
      const quiet = (/** @type {Promise<any>} */ p) => p.catch(() => null)
      try {
        const [profile, applications, enrollments, subsidies] = await Promise.all([
          profileApi.get(), quiet(membershipApi.mine()), quiet(trainingApi.mine()), quiet(subsidiesApi.mine()),
        ])
        const latest = applications && applications[0]
        const open = (subsidies || []).filter((/** @type {any} */ s) => FINISHED.indexOf(s.status) < 0)
        this.setData({
          loaded: true,
          failed: false,
          name: profile.realName || '未填写姓名',
          phoneMasked: profile.phoneMasked || '',
          membershipNumber: latest && latest.status === 'approved' ? latest.membershipNumber || '' : '',
          applicationText: latest ? latest.statusText : '未申请',
          enrollmentCount: (enrollments || []).length,
          subsidyCount: (subsidies || []).length,
          subsidyOpen: open.length,
        })
      } catch (e) {
        if (!this.data.loaded) this.setData({ failed: true, loadError: /** @type {any} */ (e).detail || '没有加载出来，请检查网络后重试' })
      }
    },

    /** @param {{ currentTarget: { dataset: { url: string } } }} e */
    onGo(e) {
      nav.go(e.currentTarget.dataset.url)
    },

    async onLogout() {
      const answer = await new Promise((resolve) => wx.showModal({
        title: '退出登录', content: '退出后需要重新用微信登录。确定退出吗？', confirmText: '退出', cancelText: '不退出',
        success: (res) => resolve(res.confirm), fail: () => resolve(false),
      }))
      if (!answer) return
      await auth.logout('worker')
      wx.reLaunch({ url: '/pages/login/login' })
    },
  },
})
