/**
 * 用户服务协议 / 隐私政策 (`?doc=terms` or `?doc=privacy`), in plain words, opened from the login page and from 我的.
 * WeChat's own 《小程序用户隐私保护指引》 (set in the admin console) opens with wx.openPrivacyContract.
 */

const config = require('../../utils/config')

/** @type {Record<string, { title: string, sections: { heading: string, text: string }[] }>} */
const DOCUMENTS = {
  terms: {
    title: '用户服务协议',
    sections: [
      { heading: '这是什么服务', text: '“云南产业工人服务”由云南省总工会及各级工会提供，用于申请加入工会、领取电子会员卡、报名技能培训、参加知识竞答和申请补贴。' },
      { heading: '您要做的', text: '如实填写姓名、身份证号、工作单位等信息；不冒用他人身份；不替别人办理。提交虚假材料申请补贴的，工会可以不予通过并追回已发放的款项。' },
      { heading: '工会要做的', text: '按时审核您的申请并说明理由；通过微信消息和“消息”页告诉您办理结果；保护您的个人信息（见《隐私政策》）。' },
      { heading: '账号', text: '您用微信登录，账号与您的微信绑定。您可以在“我的 → 注销账号”随时注销，注销前可以先保存个人信息副本。' },
      { heading: '有问题找谁', text: '请联系您所在的基层工会或县（市、区）总工会。' },
    ],
  },
  privacy: {
    title: '隐私政策',
    sections: [
      { heading: '我们收集什么', text: '微信身份标识（用于登录）；您填写的姓名、身份证号（单独征得您同意后）、手机号（经微信验证）、工作单位、行业、用工形式、工作所在县区；您的入会、培训、答题和补贴申请记录及您上传的证明材料。' },
      { heading: '为什么收集', text: '核实身份、办理入会和会籍、判断培训和补贴的条件、审核补贴申请、发放会员卡。不用于与这些无关的用途，不向工会以外的单位提供，法律另有规定的除外。' },
      { heading: '谁能看到', text: '只有您所属工会及其上级工会中负责审核的工作人员，能看到办理所需的信息；身份证号和手机号对他们只显示部分数字，查看完整号码会被记录。' },
      { heading: '保存多久', text: '办理所需期间，以及法律和工会会籍、财务规定要求的期限；到期删除或匿名化。' },
      { heading: '您的权利', text: '在“我的”里可以查看并复制您的个人信息副本、撤回身份证号使用同意、注销账号。相机、相册、剪贴板、扫码和手机号，只有在您使用相关功能并同意后才会使用。' },
    ],
  },
}

Component({
  data: {
    doc: 'terms',
    title: '',
    /** @type {{ heading: string, text: string }[]} */
    sections: [],
    version: config.agreementVersion,
  },
  methods: {
    /** @param {{ doc?: string }} query */
    onLoad(query) {
      const doc = query && query.doc === 'privacy' ? 'privacy' : 'terms'
      const document = DOCUMENTS[doc]
      this.setData({ doc, title: document.title, sections: document.sections })
      wx.setNavigationBarTitle({ title: document.title })
    },

    /** WeChat's 《小程序用户隐私保护指引》, as set in the admin console. */
    onWeChatGuide() {
      wx.openPrivacyContract({ fail: () => wx.showToast({ title: '暂时打不开，请稍后再试', icon: 'none' }) })
    },
  },
})
