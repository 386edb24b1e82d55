const privacy = require('../../utils/privacy')

/**
 * 用户隐私保护提示: shown when WeChat holds a privacy interface until the person agrees to the privacy guide
 * (utils/privacy.js). 同意 is WeChat's agreePrivacyAuthorization button; 不同意 lets the call fail and changes
 * nothing else; the guide itself opens with wx.openPrivacyContract. Put `<privacy-popup />` on every page that uses
 * getPhoneNumber, wx.chooseMedia, wx.chooseMessageFile, wx.scanCode or wx.setClipboardData.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  data: {
    visible: false,
    purpose: '',
    contractName: '《隐私保护指引》',
  },
  lifetimes: {
    attached() {
      privacy.show(this)
    },
    detached() {
      privacy.forget(this)
    },
  },
  pageLifetimes: {
    show() {
      privacy.show(this)
    },
  },
  methods: {
    /** @param {{ referrer?: string }} eventInfo which interface WeChat is holding */
    open(eventInfo) {
      this.setData({ visible: true, purpose: privacy.purposeOf(eventInfo.referrer) })
      wx.getPrivacySetting({
        success: (res) => { if (res.privacyContractName) this.setData({ contractName: res.privacyContractName }) },
      })
    },

    /** bindagreeprivacyauthorization: WeChat has recorded the tap on the agree button. */
    onAgree() {
      this.setData({ visible: false })
      privacy.answer(true, 'agree-btn')
    },

    onDisagree() {
      this.setData({ visible: false })
      privacy.answer(false)
    },

    onContract() {
      wx.openPrivacyContract({ fail: () => wx.showToast({ title: '暂时打不开，请稍后再试', icon: 'none' }) })
    },
  },
})
