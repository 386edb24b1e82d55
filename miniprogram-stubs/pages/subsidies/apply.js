const subsidiesApi = require('../../api/subsidies')

const DEGREES = [
  { value: 'secondary', label: '中专' }, { value: 'juniorCollege', label: '大专' },
  { value: 'bachelor', label: '本科' }, { value: 'postgraduate', label: '研究生' },
]
const LEVELS = [
  { value: 'level5', label: '五级（初级工）' }, { value: 'level4', label: '四级（中级工）' }, { value: 'level3', label: '三级（高级工）' },
  { value: 'level2', label: '二级（技师）' }, { value: 'level1', label: '一级（高级技师）' }, { value: 'specialAbility', label: '专项职业能力' },
]

/**
 * 填写补贴申请: what the programme asks for (a skill certificate, the schooling and tuition, or the kind of hardship),
 * then on to the materials and submitting (the detail page).
 */
Component({
  data: {
    applicationId: '',
    /** @type {any} */
    application: null,
    /** @type {any[]} */
    tiers: [],
    /** @type {any[]} */
    certificates: [],
    degrees: DEGREES,
    levels: LEVELS,
    form: {
      tierIndex: -1, degreeIndex: -1, levelIndex: -1, certificateIndex: -1,
      school: '', tuitionYuan: '', statement: '', number: '', occupation: '', issuer: '', issuedOn: '',
    },
    busy: false,
    errorText: '',
  },
  methods: {
    /** @param {{ id?: string }} query */
    onLoad(query) {
      this.setData({ applicationId: (query && query.id) || '' })
      return this.load()
    },

    async load() {
      try {
        const application = await subsidiesApi.detail(this.data.applicationId)
        const [programs, certificates] = await Promise.all([
          subsidiesApi.programs(),
          application.program.kind === 'skillCertificate' ? subsidiesApi.certificates() : Promise.resolve([]),
        ])
        const program = programs.find((/** @type {any} */ p) => p.id === application.program.id)
        const tiers = (program && program.rules.amount.hardshipTiers) || []
        this.setData({
          application, tiers, certificates,
          'form.statement': application.statement || '',
          'form.school': application.school || '',
          'form.tierIndex': tiers.findIndex((/** @type {any} */ t) => t.code === application.hardshipTier),
          'form.degreeIndex': DEGREES.findIndex((d) => d.value === application.degreeLevel),
          'form.tuitionYuan': application.tuitionFen ? String(application.tuitionFen / 100) : '',
        })
      } catch (e) { /* shown */ }
    },

    /** @param {any} e */
    onInput(e) {
      this.setData({ ['form.' + e.currentTarget.dataset.field]: e.detail.value, errorText: '' })
    },

    /** @param {any} e */
    onPick(e) {
      this.setData({ ['form.' + e.currentTarget.dataset.field]: Number(e.detail.value), errorText: '' })
    },

    /** @returns {Record<string, any> | string} the request, or what is missing */
    fields() {
      const f = this.data.form
      const kind = this.data.application.program.kind
      const statement = f.statement.trim() || null
      if (kind === 'hardshipAid') {
        if (f.tierIndex < 0) return '请选择困难类别'
        return { hardshipTier: this.data.tiers[f.tierIndex].code, statement }
      }
      if (kind === 'educationAid') {
        const yuan = Number(f.tuitionYuan)
        if (f.degreeIndex < 0 || !f.school.trim() || !(yuan > 0)) return '请填写学历层次、就读院校和学费'
        return { degreeLevel: DEGREES[f.degreeIndex].value, school: f.school.trim(), tuitionFen: Math.round(yuan * 100), statement }
      }
      if (f.certificateIndex >= 0) return { workerCertificateId: this.data.certificates[f.certificateIndex].workerCertificateId, statement }
      if (!f.number.trim() || !f.occupation.trim() || f.levelIndex < 0 || !f.issuedOn || !f.issuer.trim()) return '请填写证书的编号、工种、等级、发证日期和发证机构'
      return {
        certificate: { number: f.number.trim(), occupation: f.occupation.trim(), level: LEVELS[f.levelIndex].value, issuedOn: f.issuedOn, issuer: f.issuer.trim() },
        statement,
      }
    },

    async onSave() {
      const fields = this.fields()
      if (typeof fields === 'string') {
        this.setData({ errorText: fields })
        return
      }
      this.setData({ busy: true, errorText: '' })
      try {
        await subsidiesApi.fill(this.data.applicationId, fields)
        wx.redirectTo({ url: '/pages/subsidies/detail?id=' + this.data.applicationId })
      } catch (err) {
        this.setData({ errorText: /** @type {any} */ (err).detail || '' })
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
