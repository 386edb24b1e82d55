const membershipApi = require('../../api/membership')
const { newIdempotencyKey } = require('../../utils/request')

/**
 * 申请会籍转移: a member who changed jobs finds the union of the new workplace, says why, and asks to move the
 * membership there; the receiving union decides (pages/membership/transfers shows the progress).
 */
Component({
  data: {
    loaded: false,
    /** @type {any} */
    card: null,
    notMember: '',
    keyword: '',
    /** @type {any[]} */
    unions: [],
    searched: false,
    /** @type {{ id: string, name: string } | null} */
    selected: null,
    reason: '',
    submitting: false,
    errorText: '',
    /** One key per intended request: a retry of the same one reuses it; any change makes a new one. */
    idempotencyKey: '',
  },
  methods: {
    onLoad() {
      this.setData({ idempotencyKey: newIdempotencyKey() })
      return this.load()
    },

    async load() {
      try {
        const card = await membershipApi.card()
        this.setData({ loaded: true, card })
      } catch (err) {
        const error = /** @type {any} */ (err)
        this.setData({ loaded: true, notMember: error.code === 'membership.not_member' ? '只有工会会员才能办理会籍转移。' + error.detail : error.detail || '' })
      }
    },

    /** @param {any} e */
    onKeyword(e) {
      this.setData({ keyword: e.detail.value })
    },

    async onSearch() {
      const keyword = this.data.keyword.trim()
      if (!keyword) {
        this.setData({ errorText: '请输入新单位或所在地的名称' })
        return
      }
      this.setData({ errorText: '' })
      try {
        const page = await membershipApi.searchUnions({ keyword, pageSize: 20 })
        this.setData({ unions: page.items, searched: true })
      } catch (e) { /* shown */ }
    },

    /** @param {any} e */
    onPick(e) {
      const union = this.data.unions.find((u) => u.id === e.currentTarget.dataset.id)
      if (!union) return
      this.setData({ selected: { id: union.id, name: union.name }, errorText: '', idempotencyKey: newIdempotencyKey() })
    },

    /** @param {any} e */
    onReason(e) {
      if (e.detail.value !== this.data.reason) this.setData({ idempotencyKey: newIdempotencyKey() })
      this.setData({ reason: e.detail.value })
    },

    async onSubmit() {
      const selected = this.data.selected
      const reason = this.data.reason.trim()
      if (!selected || this.data.submitting) return
      if (!reason) {
        this.setData({ errorText: '请写一下转移的原因，例如：换了工作单位' })
        return
      }
      this.setData({ submitting: true, errorText: '' })
      try {
        const transfer = await membershipApi.requestTransfer({ toUnionId: selected.id, reason }, this.data.idempotencyKey)
        wx.redirectTo({ url: '/pages/membership/transfers?id=' + transfer.id })
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
      } finally {
        this.setData({ submitting: false })
      }
    },
  },
})
