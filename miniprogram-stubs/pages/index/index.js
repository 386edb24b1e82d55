const auth = require('../../utils/auth')
const nav = require('../../utils/nav')
const profileApi = require('../../api/profile')
const membershipApi = require('../../api/membership')
const notificationsApi = require('../../api/notifications')
const claimsApi = require('../../api/claims')

/**
 * More services on the home page, each one tap away.
 * @type {{ title: string, url: string }[]}
 */
const SERVICES = [
  { title: '技能培训报名', url: '/pages/training/courses' },
  { title: '我的培训 · 扫码签到', url: '/pages/training/enrollments' },
  { title: '今日一题', url: '/pages/quiz/daily' },
  { title: '知识竞答', url: '/pages/quiz/campaigns' },
  { title: '补贴申请', url: '/pages/subsidies/programs' },
]

Component({
  data: {
    loaded: false,
    greeting: '您好',
    unreadCount: 0,
    membershipNumber: '',
    /** @type {{ key: string, title: string, done: boolean, doneText: string, url: string, action: string }[]} */
    steps: [],
    /** @type {any} */
    next: null,
    services: SERVICES,
  },
  methods: {
    onShow() {
      if (!auth.isWorkerLoggedIn()) {
        wx.reLaunch({ url: '/pages/login/login' })
        return
      }
      return this.load()
    },

    async onPullDownRefresh() {
      await this.load()
      wx.stopPullDownRefresh()
    },

    async load() {
      try {
        const [profile, applications, unread, claims] = await Promise.all([
          profileApi.get(),
          membershipApi.mine(),
          notificationsApi.unreadCount().catch(() => ({ unreadCount: 0 })),
          claimsApi.mine().catch(() => []),
        ])
        const latest = applications[0]
        const claimed = claims[0] && claims[0].status === 'linked' ? claims[0].membership.membershipNumber : ''
        const member = (latest && latest.status === 'approved' ? latest.membershipNumber : '') || claimed
        const identity = Boolean(profile.realName && profile.idNumberMasked)
        const phone = Boolean(profile.phoneMasked)
        const applied = Boolean(latest && (latest.status === 'submitted' || latest.status === 'returned'))
        const steps = [
          { key: 'profile', title: '填写姓名和身份证号', done: identity, doneText: identity ? '已填写' : '去填写', url: '/pages/profile/profile', action: '第一步：填写资料' },
          { key: 'phone', title: '绑定手机号', done: phone, doneText: phone ? '已绑定' : '去绑定', url: '/pages/profile/profile', action: '第二步：绑定手机号' },
          {
            key: 'apply', title: '选择工会，提交申请', done: applied, doneText: applied ? latest.statusText : '去申请',
            url: applied ? '/pages/membership/status?id=' + latest.id : '/pages/membership/apply', action: '第三步：申请入会',
          },
        ]
        const next = steps.find((s) => !s.done) || { url: steps[2].url, action: '查看入会办理进度' }
        if (unread.unreadCount > 0) {
          wx.setTabBarBadge({ index: 1, text: unread.unreadCount > 99 ? '99+' : String(unread.unreadCount), fail: () => {} })
        }
        this.setData({
          loaded: true,
          greeting: profile.realName ? profile.realName + '，您好' : '您好',
          unreadCount: unread.unreadCount,
          membershipNumber: member || '',
          steps,
          next,
        })
      } catch (e) {
        // request.js has shown the reason; a pull-down tries again.
      }
    },

    /** @param {{ currentTarget: { dataset: { url: string } } }} e */
    onStep(e) {
      nav.go(e.currentTarget.dataset.url)
    },
    onCard() { nav.go('/pages/membership/card') },
    onProfile() { nav.go('/pages/profile/profile') },
    onStatus() { nav.go('/pages/membership/status') },
    onInbox() { nav.go('/pages/notifications/inbox') },
    onClaim() { nav.go('/pages/membership/claim') },
  },
})
