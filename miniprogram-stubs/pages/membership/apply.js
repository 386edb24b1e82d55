const membershipApi = require('../../api/membership')
const { newIdempotencyKey } = require('../../utils/request')
const { askToSubscribe } = require('../../utils/subscribe')
const config = require('../../utils/config')
const format = require('../../utils/format')

Component({
  data: {
    channels: format.channels,
    channel: '',
    channelHint: '',
    keyword: '',
    /** @type {any[]} */
    unions: [],
    searched: false,
    /** @type {{ id: string, name: string } | null} */
    selected: null,
    note: '',
    submitting: false,
    errorText: '',
    needProfile: false,
    resubmitId: '',
    /** One key per intended submit: a retry of the same submit (its answer got lost) reuses it; any change makes a new one. */
    idempotencyKey: '',
    /** @type {any} */
    submitted: null,
    subscribed: '',
  },
  methods: {
    /** @param {{ resubmit?: string }} query `resubmit` is a returned application to correct */
    onLoad(query) {
      this.setData({ idempotencyKey: newIdempotencyKey() })
      if (query && query.resubmit) {
        this.setData({ resubmitId: query.resubmit })
        return this.prefill(query.resubmit)
      }
    },

    /** @param {string} id */
    async prefill(id) {
      try {
        const mine = await membershipApi.mine()
        const application = mine.find((/** @type {any} */ a) => a.id === id)
        if (application) {
          this.chooseChannel(application.channel)
          this.setData({ selected: application.union, note: application.note || '', errorText: application.reviewComment ? '工会的意见：' + application.reviewComment : '' })
        }
      } catch (e) { /* shown */ }
    },

    /** @param {any} e */
    onChannel(e) {
      this.chooseChannel(e.currentTarget.dataset.value)
      return this.search()
    },

    /** @param {string} channel */
    chooseChannel(channel) {
      const chosen = format.channels.find((c) => c.value === channel)
      this.setData({ idempotencyKey: newIdempotencyKey() })
      this.setData({ channel, channelHint: chosen ? chosen.hint : '', selected: null, unions: [], searched: false, errorText: '', needProfile: false })
    },

    /** @param {any} e */
    onKeyword(e) {
      this.setData({ keyword: e.detail.value })
    },

    onSearch() {
      return this.search()
    },

    async search() {
      try {
        const page = await membershipApi.searchUnions({ keyword: this.data.keyword.trim(), channel: this.data.channel, pageSize: 20 })
        this.setData({ unions: page.items, searched: true })
      } catch (e) { /* shown */ }
    },

    /** @param {any} e */
    onPick(e) {
      const union = this.data.unions.find((u) => u.id === e.currentTarget.dataset.id)
      this.setData({ idempotencyKey: newIdempotencyKey() })
      this.setData({ selected: { id: union.id, name: union.name }, errorText: '', needProfile: false })
    },

    /** @param {any} e */
    onNote(e) {
      if (e.detail.value !== this.data.note) this.setData({ idempotencyKey: newIdempotencyKey() })
      this.setData({ note: e.detail.value })
    },

    async onSubmit() {
      const selected = this.data.selected
      if (!selected || this.data.submitting) return
      const application = { unionId: selected.id, channel: this.data.channel, note: this.data.note.trim() || null }
      this.setData({ submitting: true, errorText: '', needProfile: false })
      try {
        const submitted = this.data.resubmitId
          ? await membershipApi.resubmit(this.data.resubmitId, application, this.data.idempotencyKey)
          : await membershipApi.apply(application, this.data.idempotencyKey)
        this.setData({ idempotencyKey: newIdempotencyKey() })
        this.setData({ submitted })
        wx.setNavigationBarTitle({ title: '申请已提交' })
      } catch (err) {
        const error = /** @type {any} */ (err)
        this.setData({ errorText: error.detail || '', needProfile: error.code === 'membership.profile_incomplete' })
      } finally {
        this.setData({ submitting: false })
      }
    },

    async onSubscribe() {
      const results = await askToSubscribe([config.templates.reviewResult])
      const accepted = results[config.templates.reviewResult] === 'accept'
      this.setData({ subscribed: accepted ? '好的，审核有结果时微信会通知您。' : '没有开启微信通知。审核结果会放在“消息”里。' })
    },

    onClaim() {
      wx.navigateTo({ url: '/pages/membership/claim' })
    },

    onViewStatus() {
      wx.redirectTo({ url: '/pages/membership/status?id=' + this.data.submitted.id })
    },

    onFixProfile() {
      wx.navigateTo({ url: '/pages/profile/profile' })
    },
  },
})
