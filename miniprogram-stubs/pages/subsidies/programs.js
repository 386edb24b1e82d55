const subsidiesApi = require('../../api/subsidies')
const format = require('../../utils/format')
const { newIdempotencyKey } = require('../../utils/request')
const paged = require('../../utils/paged')

/** 补贴申请: my applications, then the programmes (items) with whether I may apply and every reason why not. */
Component({
  data: Object.assign(paged.data(), { /** @type {any[]} */ mine: [], busy: false, startKey: '', startingProgram: '' }),
  methods: {
    ...paged.handlers(),
    onShow() { return paged.first(this) },

    async fetchPage() {
      const [programs, mine] = await Promise.all([subsidiesApi.programs(), subsidiesApi.mine()])
      this.setData({ mine })
      return paged.whole(programs.map((/** @type {any} */ p) => Object.assign({}, p, {
        periodText: format.date(p.opensOn) + ' 至 ' + format.date(p.closesOn),
        reasonText: p.reasons.join('；'),
      })))
    },

    /** Starts a draft for the programme (or opens the one already started). @param {any} e */
    async onApply(e) {
      const program = this.data.items.find((p) => p.id === e.currentTarget.dataset.id)
      if (!program) return
      if (program.myApplicationId) {
        wx.navigateTo({ url: '/pages/subsidies/detail?id=' + program.myApplicationId })
        return
      }
      const key = this.data.startingProgram === program.id && this.data.startKey ? this.data.startKey : newIdempotencyKey()
      this.setData({ busy: true, startKey: key, startingProgram: program.id })
      try {
        const draft = await subsidiesApi.start(program.id, key)
        this.setData({ startKey: '', startingProgram: '' })
        wx.navigateTo({ url: '/pages/subsidies/apply?id=' + draft.id })
      } catch (err) { /* shown */ } finally {
        this.setData({ busy: false })
      }
    },

    /** @param {any} e */
    onOpen(e) {
      wx.navigateTo({ url: '/pages/subsidies/detail?id=' + e.currentTarget.dataset.id })
    },
  },
})
