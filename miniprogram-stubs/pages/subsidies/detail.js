const subsidiesApi = require('../../api/subsidies')
const format = require('../../utils/format')
const config = require('../../utils/config')
const files = require('../../utils/files')
const { askToSubscribe } = require('../../utils/subscribe')
const { newIdempotencyKey } = require('../../utils/request')

/** @param {string} title @param {string} content @returns {Promise<boolean>} */
function confirm(title, content) {
  return new Promise((resolve) => wx.showModal({ title, content, success: (res) => resolve(Boolean(res.confirm)), fail: () => resolve(false) }))
}

Component({
  data: {
    loaded: false,
    applicationId: '',
    /** @type {any} */
    application: null,
    /** The documents this programme asks for, each with what has been uploaded for it. @type {any[]} */
    documents: [],
    busy: false,
    submitKey: '',
    maxUploadText: format.fileSize(config.maxUploadBytes),
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
          loaded: true,
          documents,
          application: Object.assign({}, application, {
            submittedText: application.submittedAt ? format.dateTime(application.submittedAt) : '',
            dueText: application.currentStepDueAt ? format.dateTime(application.currentStepDueAt) : '',
            correctionText: application.correctionDueAt ? format.dateTime(application.correctionDueAt) : '',
            attachments: application.attachments.map((/** @type {any} */ a) => Object.assign({}, a, { sizeText: format.fileSize(a.sizeBytes) })),
            missingText: application.missingDocuments.join('、'),
            timeline: application.timeline.slice().reverse().map((/** @type {any} */ t) => Object.assign({}, t, { atText: format.dateTime(t.at) })),
          }),
        })
      } catch (e) { /* shown */ }
    },

    /** Photograph or pick a photo of a document: `wx.chooseMedia` → checks → `wx.uploadFile`. @param {any} e */
    async onAttach(e) {
      const code = e.currentTarget.dataset.code
      this.setData({ message: '', errorText: '' })
      return this.attach(code, await files.pickPhotos(), 'photo')
    },

    /** A PDF from a WeChat chat: `wx.chooseMessageFile` → checks → `wx.uploadFile`. @param {any} e */
    async onAttachPdf(e) {
      const code = e.currentTarget.dataset.code
      this.setData({ message: '', errorText: '' })
      return this.attach(code, await files.pickPdfs(), 'pdf')
    },

    /**
     * Sends the picked files for one required document, after checking each (nothing is sent when one fails).
     * @param {string} code
     * @param {import('../../utils/files').PickedFile[] | null} picked null when the person cancelled
     * @param {'photo' | 'pdf'} kind
     */
    async attach(code, picked, kind) {
      if (!picked || picked.length === 0) return
      const problem = picked.map((f) => files.problemWith(f, kind)).find((p) => p)
      if (problem) {
        this.setData({ errorText: problem })
        return
      }
      this.setData({ busy: true })
      try {
        for (const file of picked) {
          await subsidiesApi.attach(this.data.applicationId, code, file.path, newIdempotencyKey())
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

    /**
     * 提交申请. The decision comes days later, by WeChat message if the person agrees: the prompt is asked for at the
     * tap itself (WeChat allows it nowhere else), unless the page already knows the submit cannot go through.
     */
    onSubmit() {
      const complete = this.data.application && this.data.application.missingDocuments.length === 0
      const asked = complete ? askToSubscribe([config.templates.reviewResult]) : Promise.resolve({})
      return this.submit(asked)
    },

    /** @param {Promise<Record<string, string>>} asked */
    async submit(asked) {
      const key = this.data.submitKey || newIdempotencyKey()
      this.setData({ busy: true, message: '', errorText: '', submitKey: key })
      try {
        await subsidiesApi.submit(this.data.applicationId, key)
        this.setData({ submitKey: '', message: '已提交，工会会按顺序审核' })
        await this.load()
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
      } finally {
        this.setData({ busy: false })
      }
      await asked
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
