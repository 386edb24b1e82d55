/** API answers shaped like the real ones (see /openapi/v1.json), for unit tests. */

const profile = (over = {}) => Object.assign({
  realName: null, idNumberMasked: null, birthYear: null, gender: null, phoneMasked: null, employer: null,
  industrySection: null, industryName: null, occupation: null, skillLevel: null, employmentForm: null,
  newEmploymentKind: null, countyCode: null, isEcologicalMigrant: false, sensitiveConsentGiven: false,
  industrialWorker: { isIndustrialWorker: false, isComplete: false, reasons: [] }, updatedAt: '2026-11-21T04:00:00Z',
}, over)

const fullProfile = (over = {}) => profile(Object.assign({
  realName: '张建国', idNumberMasked: '1****************X', birthYear: 1949, gender: 'female', phoneMasked: '139****0000',
  employer: '云内动力', industrySection: 'C', industryName: '制造业', occupation: '焊工', skillLevel: 'level4',
  employmentForm: 'labourContract', countyCode: '530111', sensitiveConsentGiven: true,
}, over))

const consent = (granted) => ({ textVersion: '2026-11-v1', text: '为办理入会……需要处理您的身份证号码（敏感个人信息）。', granted, grantedAt: granted ? '2026-11-21T04:00:00Z' : null })

const union = (over = {}) => Object.assign({
  id: 'u-yunnei', code: '530111001', name: '云南云内动力集团有限公司工会', kind: 'grassroots', channel: 'employerUnion',
  regionCode: '530111', prefectureName: '昆明市', parentName: '官渡区总工会', address: '昆明市经济技术开发区',
}, over)

const page = (items) => ({ items, page: 1, pageSize: 20, total: items.length, totalPages: 1 })

const application = (over = {}) => Object.assign({
  id: 'app-1', union: { id: 'u-yunnei', name: '云南云内动力集团有限公司工会' }, channel: 'employerUnion', status: 'submitted', statusText: '待审核',
  note: null, reviewComment: null, submittedAt: '2026-11-21T04:05:00Z', decidedAt: null, membershipNumber: null,
  canResubmit: false, canWithdraw: true,
  timeline: [{ at: '2026-11-21T04:05:00Z', action: 'membership.application.submitted', text: '提交入会申请', actor: '本人', fromState: null, toState: 'Submitted', reason: null }],
}, over)

const card = (over = {}) => Object.assign({
  membershipNumber: '5301-20261121-530111001-00001', name: '张建国', unionName: '云南云内动力集团有限公司工会', joinedOn: '2026-11-21', status: 'active',
  qrToken: 'eyJNZW1iZXJJZCI6IjEifQ.c2lnbmF0dXJl', qrExpiresAt: new Date(Date.now() + 120000).toISOString(),
}, over)

const notification = (over = {}) => Object.assign({
  id: 'n-1', kind: 'membership.approved', title: '入会申请已通过', body: '恭喜您成为“云南云内动力集团有限公司工会”会员，会员号 5301-20261121-530111001-00001。',
  page: 'pages/membership/status?id=app-1', createdAt: '2026-11-21T05:00:00Z', readAt: null, delivery: 'sent',
}, over)

const officer = (over = {}) => Object.assign({
  id: 'o-1', username: 'km.guandu', displayName: '官渡区总工会 审核员', unionId: 'u-guandu', unionName: '官渡区总工会',
  permissions: ['ReviewMembership', 'ReviewSubsidies', 'ManageTraining'],
}, over)

const officerItem = (over = {}) => Object.assign({
  id: 'app-1', applicantName: '张建国', idNumberMasked: '1****************X', phoneMasked: '139****0000',
  union: { id: 'u-yunnei', name: '云南云内动力集团有限公司工会' }, channel: 'employerUnion', status: 'submitted', statusText: '待审核',
  submittedAt: '2026-11-18T04:05:00Z', waitingDays: 3,
}, over)

const officerDetail = (over = {}) => Object.assign({}, officerItem(), {
  birthYear: 1949, gender: 'female', employer: '云内动力', occupation: '焊工', note: '我在二车间', reviewComment: null,
  decidedAt: null, version: 1, timeline: application().timeline,
}, over)

/** GET /api/regions/counties, cut to two prefectures. */
const counties = () => ({ prefectures: [
  { code: '5301', name: '昆明市', counties: [{ code: '530102', name: '五华区' }, { code: '530103', name: '盘龙区' }, { code: '530111', name: '官渡区' }] },
  { code: '5303', name: '曲靖市', counties: [{ code: '530302', name: '麒麟区' }, { code: '530381', name: '宣威市' }] },
] })

module.exports = { profile, fullProfile, consent, union, page, application, card, notification, officer, officerItem, officerDetail, counties }
