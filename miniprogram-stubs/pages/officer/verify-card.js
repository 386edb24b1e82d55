const membershipApi = require('../../api/membership')
const auth = require('../../utils/auth')
const format = require('../../utils/format')

/**
 * 核验会员卡: an officer scans the QR code on a member's e-card (wx.scanCode) and sees whether it is valid, and whose
 * it is (masked name, union, number, joined on). The code changes every few minutes and a revoked membership shows as
 * invalid, so a screenshot or an old card does not pass.
 */
Component({
  data: {
    officerName: '',
    /** @type {any} */
    result: null,
    errorText: '',
    checked: 0,
  },
  methods: {
    onLoad() {
      const officer = auth.currentOfficer()
      if (!officer) {
        wx.redirectTo({ url: '/pages/officer/login' })
        return
      }
      this.setData({ officerName: officer.displayName + '（' + officer.unionName + '）' })
    },

    async onScan() {
      this.setData({ errorText: '' })
      /** @type {any} */
      const scanned = await new Promise((resolve) => wx.scanCode({
        onlyFromCamera: true, scanType: ['qrCode'], success: resolve, fail: () => resolve(null),
      }))
      if (!scanned) return // the camera was closed
      const token = String(scanned.result || '').trim()
      if (!token || token.length > 1024) {
        this.setData({ result: null, errorText: '没有读到会员卡二维码，请对准会员卡上的二维码再扫一次' })
        return
      }
      try {
        const result = await membershipApi.verifyCard(token, 'officer')
        this.setData({
          checked: this.data.checked + 1,
          result: Object.assign({}, result, { joinedText: result.joinedOn ? format.date(result.joinedOn) : '' }),
        })
      } catch (err) {
        this.setData({ result: null, errorText: /** @type {any} */ (err).detail || '核验没有成功，请再扫一次' })
      }
    },
  },
})
