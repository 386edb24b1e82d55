const membershipApi = require('../../api/membership')
const format = require('../../utils/format')
const paged = require('../../utils/paged')

/** 会籍转移: my transfers and their progress (notifications link here with `?id=`); a new one, or withdrawing a pending one. */
Component({
  data: Object.assign(paged.data(), { highlight: '' }),
  methods: {
    ...paged.handlers(),
    /** @param {{ id?: string }} query */
    onLoad(query) {
      this.setData({ highlight: (query && query.id) || '' })
    },
    onShow() { return paged.first(this) },

    async fetchPage() {
      const transfers = await membershipApi.myTransfers()
      return paged.whole(transfers.map((/** @type {any} */ t) => Object.assign({}, t, {
        requestedText: format.dateTime(t.requestedAt),
        canWithdraw: t.status === 'pending',
      })))
    },

    onRequest() {
      wx.navigateTo({ url: '/pages/membership/transfer' })
    },

    /** @param {any} e */
    async onWithdraw(e) {
      const answer = await new Promise((resolve) => wx.showModal({
        title: '撤回转移申请', content: '撤回后会籍留在原来的工会。确定撤回吗？', confirmText: '撤回', cancelText: '不撤回',
        success: (res) => resolve(res.confirm), fail: () => resolve(false),
      }))
      if (!answer) return
      try {
        await membershipApi.withdrawTransfer(e.currentTarget.dataset.id)
        wx.showToast({ title: '已撤回', icon: 'success' })
        await paged.first(this)
      } catch (err) { /* shown */ }
    },
  },
})
