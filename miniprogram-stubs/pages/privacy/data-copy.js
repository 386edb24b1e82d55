const privacyApi = require('../../api/privacy')
const format = require('../../utils/format')

Component({
  data: {
    /** @type {{ title: string, lines: { label: string, value: string }[] }[]} */
    sections: [],
    text: '',
    generatedAt: '',
    copied: false,
    errorText: '',
  },
  methods: {
    onLoad() {
      return this.load()
    },

    async load() {
      try {
        const copy = await privacyApi.dataCopy()
        this.setData({ sections: copy.sections, text: copy.text, generatedAt: format.dateTime(copy.generatedAt), errorText: '' })
      } catch (e) {
        this.setData({ errorText: (/** @type {any} */ (e)).message || '暂时取不到，请稍后再试' })
      }
    },

    /** The whole copy as plain text on the clipboard, for the worker to keep (WeChat has no file download for text). */
    onCopy() {
      return new Promise((resolve) => wx.setClipboardData({
        data: this.data.text,
        success: () => { this.setData({ copied: true }); resolve(undefined) },
        fail: () => resolve(undefined),
      }))
    },
  },
})
