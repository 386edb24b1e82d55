const subsidiesApi = require('../../api/subsidies')
const format = require('../../utils/format')
const config = require('../../utils/config')
const { askToSubscribe } = require('../../utils/subscribe')
const { newIdempotencyKey } = require('../../utils/request')

/** @param {string} title @param {string} content @returns {Promise<boolean>} */
function confirm(title, content) {
  return new Promise((resolve) => wx.showModal({ title, content, success: (res) => resolve(Boolean(res.confirm)), fail: () => resolve(false) }))
}

/** @param {number} bytes */
function size(bytes) {
  return bytes >= 1024 * 1024 ? (bytes / 1024 / 1024).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB'
}

Component({
  data: {
    applicationId: '',
    /** @type {any} */
    application: null,
    /** The documents this programme asks for, each with what has been uploaded for it. @type {any[]} */
    documents: [],
    busy: false,
    submitKey: '',
    message: '',
    errorText: '',
  },
  methods: {
    /** @param {{ id?: string }} query every subsidy notification names the application */
    onLoad(query) {
      if (!query || !query.id) {
        wx.redirectTo({ url: '/pages/subsidies/programs' })
        return
      }
      this.setData({ applicationId: query.id })
    },

    onShow() {
      return this.data.applicationId ? this.load() : undefined
    },

    async onPullDownRefresh() {
      await this.load()
      wx.stopPullDownRefresh()
    },

    async load() {
      try {
        const application = await subsidiesApi.detail(this.data.applicationId)
        /** @type {any[]} */
        let required = []
        if (application.canEdit) {
          const programs = await subsidiesApi.programs()
          const program = programs.find((/** @type {any} */ p) => p.id === application.program.id)
          required = program ? program.rules.documents : []
        }
        const documents = required.map((/** @type {any} */ d) => ({
          code: d.code,
          name: d.name,
          files: application.attachments.filter((/** @type {any} */ a) => a.documentCode === d.code),
        }))
        this.setData({
          documents,
          application: Object.assign({}, application, {
            submittedText: application.submittedAt ? format.dateTime(application.submittedAt) : '',
            dueText: application.currentStepDueAt ? format.dateTime(application.currentStepDueAt) : '',
            correctionText: application.correctionDueAt ? format.dateTime(application.correctionDueAt) : '',
            attachments: application.attachments.map((/** @type {any} */ a) => Object.assign({}, a, { sizeText: size(a.sizeBytes) })),
            missingText: application.missingDocuments.join('、'),
            timeline: application.timeline.slice().reverse().map((/** @type {any} */ t) => Object.assign({}, t, { atText: format.dateTime(t.at) })),
          }),
        })
      } catch (e) { /* shown */ }
    },

    /** Photograph or pick a document: `wx.chooseMedia` → `wx.uploadFile`. @param {any} e */
    async onAttach(e) {
      const code = e.currentTarget.dataset.code
      /** @type {any} */
      let picked
      try {
        picked = await new Promise((resolve, reject) => wx.chooseMedia({
          count: 1, mediaType: ['image'], sourceType: ['camera', 'album'], sizeType: ['compressed'], success: resolve, fail: reject,
        }))
      } catch (err) {
        return // nothing chosen
      }
      this.setData({ busy: true, message: '', errorText: '' })
      try {
        for (const file of picked.tempFiles) {
          await subsidiesApi.attach(this.data.applicationId, code, file.tempFilePath, newIdempotencyKey())
        }
        this.setData({ message: '材料已上传' })
        await this.load()
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '上传没有成功，请再试一次' })
      } finally {
        this.setData({ busy: false })
      }
    },

    /** @param {any} e */
    async onRemove(e) {
      if (!(await confirm('删除材料', '确定删除这份材料吗？'))) return
      try {
        await subsidiesApi.removeAttachment(this.data.applicationId, e.currentTarget.dataset.id)
        await this.load()
      } catch (err) { /* shown */ }
    },

    async onSubmit() {
      const key = this.data.submitKey || newIdempotencyKey()
      this.setData({ busy: true, message: '', errorText: '', submitKey: key })
      try {
        await subsidiesApi.submit(this.data.applicationId, key)
        this.setData({ submitKey: '', message: '已提交，工会会按顺序审核' })
        await this.load()
        // A natural moment to ask: the decision comes days later, by WeChat message if the person agrees.
        await askToSubscribe([config.templates.reviewResult])
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
      } finally {
        this.setData({ busy: false })
      }
    },

    onEdit() {
      wx.navigateTo({ url: '/pages/subsidies/apply?id=' + this.data.applicationId })
    },

    async onWithdraw() {
      if (!(await confirm('撤回申请', '撤回后这份申请就不再审核了。确定撤回吗？'))) return
      try {
        await subsidiesApi.withdraw(this.data.applicationId)
        this.setData({ message: '已撤回' })
        await this.load()
      } catch (err) { /* shown */ }
    },
  },
})
