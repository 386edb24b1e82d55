const profileApi = require('../../api/profile')
const format = require('../../utils/format')
const config = require('../../utils/config')
const nav = require('../../utils/nav')

const PICKERS = {
  industrySection: ['industrySections', 'industryIndex'],
  employmentForm: ['employmentForms', 'employmentIndex'],
  newEmploymentKind: ['newEmploymentKinds', 'newKindIndex'],
  skillLevel: ['skillLevels', 'skillIndex'],
}

Component({
  data: {
    loaded: false,
    /** where to go after saving (e.g. back to the application) */
    next: '',
    phoneMasked: '',
    phoneError: '',
    idNumberMasked: '',
    consentGiven: false,
    consentText: '',
    /** what withdrawing the consent did (the server's words: erased, or kept and why) */
    consentNote: '',
    consentVersion: config.consentVersion,
    form: {
      realName: '', idNumber: '', employer: '', industrySection: '', occupation: '', skillLevel: '',
      employmentForm: '', newEmploymentKind: '', countyCode: '', isEcologicalMigrant: false,
    },
    industrySections: format.industrySections,
    employmentForms: format.employmentForms,
    newEmploymentKinds: format.newEmploymentKinds,
    skillLevels: format.skillLevels,
    industryIndex: -1,
    employmentIndex: -1,
    newKindIndex: -1,
    skillIndex: -1,
    /** Yunnan's prefectures, each with its counties (from the API), for the two-column workplace picker. @type {any[]} */
    prefectures: [],
    /** @type {string[][]} */
    regionColumns: [[], []],
    regionIndex: [0, 0],
    countyText: '',
    regionsFailed: false,
    /** @type {Record<string, string>} */
    errors: {},
    errorText: '',
    saving: false,
    saved: false,
  },
  methods: {
    /** @param {{ next?: string }} query `next` is where to go after saving (e.g. back to the application) */
    onLoad(query) {
      this.setData({ next: query && query.next ? decodeURIComponent(query.next) : '' })
      return this.load()
    },

    async load() {
      try {
        const [profile, consent, regions] = await Promise.all([
          profileApi.get(), profileApi.consent(), profileApi.counties().catch(() => null),
        ])
        this.setData({ prefectures: regions ? regions.prefectures : [], regionsFailed: !regions })
        this.showProfile(profile)
        this.setData({ loaded: true, consentGiven: consent.granted, consentText: consent.text, consentVersion: consent.textVersion })
      } catch (e) {
        // request.js showed why.
      }
    },

    /** The list of counties did not come: try again without leaving the form. */
    async onRetryRegions() {
      try {
        const regions = await profileApi.counties()
        this.setData({ prefectures: regions.prefectures, regionsFailed: false })
        this.showRegion(this.data.form.countyCode)
      } catch (e) { /* shown */ }
    },

    /**
     * Points the workplace picker at a county (or at the first prefecture when none is chosen yet).
     * @param {string} countyCode
     */
    showRegion(countyCode) {
      const prefectures = this.data.prefectures
      let i = prefectures.findIndex((/** @type {any} */ p) => p.counties.some((/** @type {any} */ c) => c.code === countyCode))
      const j = i >= 0 ? prefectures[i].counties.findIndex((/** @type {any} */ c) => c.code === countyCode) : 0
      const chosen = i >= 0
      if (!chosen) i = 0
      this.setData({
        regionIndex: [i, j],
        regionColumns: [
          prefectures.map((/** @type {any} */ p) => p.name),
          prefectures.length ? prefectures[i].counties.map((/** @type {any} */ c) => c.name) : [],
        ],
        countyText: chosen ? prefectures[i].name + ' ' + prefectures[i].counties[j].name : '',
      })
    },

    /** Turning the prefecture column shows that prefecture's counties. @param {{ detail: { column: number, value: number } }} e */
    onRegionColumn(e) {
      if (e.detail.column !== 0) return
      const prefecture = this.data.prefectures[e.detail.value]
      if (!prefecture) return
      this.setData({
        regionIndex: [e.detail.value, 0],
        'regionColumns[1]': prefecture.counties.map((/** @type {any} */ c) => c.name),
      })
    },

    /** @param {{ detail: { value: number[] } }} e */
    onRegion(e) {
      const [i, j] = e.detail.value.map(Number)
      const prefecture = this.data.prefectures[i]
      const county = prefecture && prefecture.counties[j]
      if (!county) return
      this.setData({ 'form.countyCode': county.code, regionIndex: [i, j], countyText: prefecture.name + ' ' + county.name, saved: false })
    },

    /** @param {any} profile as GET/PUT /api/me/profile answer it */
    showProfile(profile) {
      const form = {
        realName: profile.realName || '',
        idNumber: '',
        employer: profile.employer || '',
        industrySection: profile.industrySection || '',
        occupation: profile.occupation || '',
        skillLevel: profile.skillLevel || '',
        employmentForm: profile.employmentForm || '',
        newEmploymentKind: profile.newEmploymentKind || '',
        countyCode: profile.countyCode || '',
        isEcologicalMigrant: Boolean(profile.isEcologicalMigrant),
      }
      this.setData({
        form,
        phoneMasked: profile.phoneMasked || '',
        idNumberMasked: profile.idNumberMasked || '',
        industryIndex: format.indexOf(format.industrySections, form.industrySection),
        employmentIndex: format.indexOf(format.employmentForms, form.employmentForm),
        newKindIndex: format.indexOf(format.newEmploymentKinds, form.newEmploymentKind),
        skillIndex: format.indexOf(format.skillLevels, form.skillLevel),
      })
      this.showRegion(form.countyCode)
    },

    /** @param {any} e */
    onInput(e) {
      this.setData({ ['form.' + e.currentTarget.dataset.field]: e.detail.value, saved: false })
    },

    /** @param {any} e */
    onPick(e) {
      const field = /** @type {keyof PICKERS} */ (e.currentTarget.dataset.field)
      const [options, indexKey] = PICKERS[field]
      const index = Number(e.detail.value)
      this.setData({ ['form.' + field]: this.data[options][index].value, [indexKey]: index, saved: false })
    },

    /** @param {any} e */
    onMigrant(e) {
      this.setData({ 'form.isEcologicalMigrant': Boolean(e.detail.value), saved: false })
    },

    async onGrantConsent() {
      try {
        await profileApi.grantConsent(this.data.consentVersion)
        this.setData({ consentGiven: true })
      } catch (e) {
        // An outdated text (409 profile.consent_outdated): show the current one.
        this.load()
      }
    },

    async onWithdrawConsent() {
      const answer = await new Promise((resolve) => wx.showModal({
        title: '撤回同意',
        content: '撤回后，需要核实身份的业务（入会、补助等）将无法继续办理，办理中的申请将关闭。没有会籍和补贴发放需要时，您的身份证号会被删除。确定撤回吗？',
        confirmText: '撤回',
        cancelText: '不撤回',
        success: resolve,
        fail: () => resolve({ confirm: false }),
      }))
      if (!(/** @type {any} */ (answer)).confirm) return
      try {
        const result = await profileApi.withdrawConsent()
        this.setData({ consentGiven: false, consentNote: result.message })
        if (result.idNumberErased) this.setData({ idNumberMasked: '' })
      } catch (e) { /* shown */ }
    },

    onDataCopy() {
      nav.go('/pages/privacy/data-copy')
    },

    onCancelAccount() {
      nav.go('/pages/privacy/cancel')
    },

    /** @param {{ detail: { code?: string, errMsg?: string } }} e from `<button open-type="getPhoneNumber">` */
    async onGetPhoneNumber(e) {
      // The simulator's phone code, only in WeChat DevTools: utils/dev-wechat.js is left out of every package.
      const code = config.wechatSimulator ? await require('../../utils/dev-wechat').phoneCode() : e.detail && e.detail.code
      if (!code) {
        // The person tapped "不允许", or this WeChat cannot share a number.
        this.setData({ phoneError: '没有拿到手机号。入会需要手机号，请再点一次并选择“允许”。' })
        return
      }
      this.setData({ phoneError: '' })
      try {
        const answer = await profileApi.bindPhone(code)
        this.setData({ phoneMasked: answer.phoneMasked })
        wx.showToast({ title: '手机号已绑定', icon: 'success' })
      } catch (err) {
        this.setData({ phoneError: /** @type {any} */ (err).detail })
      }
    },

    async onSave() {
      const form = this.data.form
      const body = {
        realName: form.realName.trim() || null,
        idNumber: form.idNumber.trim() ? form.idNumber.trim().toUpperCase() : null, // sent only when entered or changed
        employer: form.employer.trim() || null,
        industrySection: form.industrySection || null,
        occupation: form.occupation.trim() || null,
        skillLevel: form.skillLevel || null,
        employmentForm: form.employmentForm || null,
        newEmploymentKind: form.employmentForm === 'newEmploymentForm' ? form.newEmploymentKind || null : null,
        countyCode: form.countyCode || null,
        isEcologicalMigrant: form.isEcologicalMigrant,
      }
      this.setData({ saving: true, errors: {}, errorText: '', saved: false })
      try {
        const profile = await profileApi.update(body)
        this.showProfile(profile)
        this.setData({ saved: true })
        wx.showToast({ title: '资料已保存', icon: 'success' })
        if (this.data.next) {
          nav.replace(this.data.next)
        }
      } catch (err) {
        const error = /** @type {any} */ (err)
        /** @type {Record<string, string>} */
        const errors = {}
        Object.keys(error.errors || {}).forEach((k) => { errors[k] = error.errors[k][0] })
        this.setData({ errors, errorText: error.detail || '' })
      } finally {
        this.setData({ saving: false })
      }
    },

    onStatus() { nav.go('/pages/membership/status') },
    onCard() { nav.go('/pages/membership/card') },
  },
})
