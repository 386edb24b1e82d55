const claimsApi = require('../../api/claims')
const profileApi = require('../../api/profile')
const format = require('../../utils/format')
const nav = require('../../utils/nav')
const { newIdempotencyKey } = require('../../utils/request')

/**
 * 我已经是会员: a worker whose union registered them before claims that membership instead of applying. The claim uses
 * the profile (name, ID number) and the phone WeChat verified; the page shows what is missing, then the progress
 * (核对中 / 已认领 / 未通过) and, once linked, the membership with its original join date and card number.
 */
Component({
  data: {
    loaded: false,
    claimId: '',
    /** @type {any} */
    claim: null,
    canClaim: false,
    name: '',
    idNumberMasked: '',
    phoneMasked: '',
    /** @type {string[]} */
    missing: [],
    missingText: '',
    errorText: '',
    submitting: false,
    idempotencyKey: '',
  },
  methods: {
    /** @param {{ id?: string }} query opened from a notification, `id` names the claim */
    onLoad(query) {
      this.setData({ claimId: (query && query.id) || '', idempotencyKey: newIdempotencyKey() })
    },

    onShow() {
      return this.load()
    },

    async onPullDownRefresh() {
      await this.load()
      wx.stopPullDownRefresh()
    },

    async load() {
      try {
        const [profile, claims] = await Promise.all([profileApi.get(), claimsApi.mine()])
        const claim = claims.find((/** @type {any} */ c) => c.id === this.data.claimId) || claims[0] || null
        const missing = []
        if (!profile.realName) missing.push('姓名')
        if (!profile.idNumberMasked) missing.push('身份证号')
        if (!profile.phoneMasked) missing.push('手机号')
        this.setData({
          loaded: true,
          claim: claim && decorate(claim),
          canClaim: !claims[0] || claims[0].status === 'unverified',
          name: profile.realName || '',
          idNumberMasked: profile.idNumberMasked || '',
          phoneMasked: profile.phoneMasked || '',
          missing,
          missingText: missing.join('、'),
        })
      } catch (e) { /* shown */ }
    },

    async onSubmit() {
      if (this.data.submitting || this.data.missing.length) return
      this.setData({ submitting: true, errorText: '' })
      try {
        const claim = await claimsApi.submit(this.data.idempotencyKey)
        this.setData({ claim: decorate(claim), canClaim: false, claimId: claim.id, idempotencyKey: newIdempotencyKey() })
        if (claim.status === 'linked') wx.showToast({ title: '认领成功', icon: 'success' })
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
      } finally {
        this.setData({ submitting: false })
      }
    },

    onProfile() { nav.go('/pages/profile/profile') },
    onCard() { nav.go('/pages/membership/card') },
    onApply() { nav.go('/pages/membership/apply') },
  },
})

/** @param {any} claim */
function decorate(claim) {
  return Object.assign({}, claim, {
    submittedText: format.dateTime(claim.submittedAt),
    dueText: format.date(claim.dueOn),
    membership: claim.membership && Object.assign({}, claim.membership, { joinedText: format.date(claim.membership.joinedOn) }),
  })
}
