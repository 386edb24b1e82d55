const membershipApi = require('../../api/membership')
const format = require('../../utils/format')

// Progress of membership transfers (notifications link here). Asking for a transfer from the mini-program is not built yet.
Component({
  data: { loaded: false, /** @type {any[]} */ transfers: [], highlight: '' },
  methods: {
    /** @param {{ id?: string }} query */
    async onLoad(query) {
      this.setData({ highlight: (query && query.id) || '' })
      try {
        const transfers = await membershipApi.myTransfers()
        this.setData({
          loaded: true,
          transfers: transfers.map((/** @type {any} */ t) => Object.assign({}, t, { requestedText: format.dateTime(t.requestedAt) })),
        })
      } catch (e) { /* shown */ }
    },
  },
})
