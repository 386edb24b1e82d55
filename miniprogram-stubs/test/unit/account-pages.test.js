/**
 * 我的 and what it leads to: the agreements, the workplace picked by name, moving the membership, and evidence sent as a
 * PDF from a chat.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const { openPage } = require('../support/harness')
const { createFakeWx, problem } = require('../support/fake-wx')
const f = require('../support/fixtures')
const config = require('../../utils/config')

config.retryDelayMs = 1

function worker(routes, options = {}) {
  const device = createFakeWx(Object.assign({ routes }, options))
  device.loggedIn('worker', { id: 'w1' })
  return device
}

const subsidy = (over = {}) => Object.assign({ id: 's-1', program: { id: 'p-1', name: '昆明市困难职工帮扶' }, status: 'underReview', statusText: '审核中' }, over)

test('我的: who I am, my card, how many enrolments and subsidies (and how many still in hand), each one tap away', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/membership/applications/mine': { body: [f.application({ status: 'approved', statusText: '已通过', membershipNumber: '5301-20261121-530111001-00001' })] },
    'GET /api/training/enrollments/mine': { body: [{ id: 'e-1' }, { id: 'e-2' }] },
    'GET /api/subsidies/applications/mine': { body: [subsidy(), subsidy({ id: 's-2', status: 'paid', statusText: '已发放' })] },
  })
  const page = await openPage(device, 'pages/mine/mine')
  assert.equal(page.text('.my-name'), '张建国')
  assert.equal(page.text('.my-phone'), '手机 139****0000')
  assert.equal(page.text('.my-number'), '会员号 5301-20261121-530111001-00001')
  assert.equal(page.text('.enrollment-count'), '2 项')
  assert.equal(page.text('.subsidy-count'), '2 份，1 份在办')
  await page.tap('.open-card')
  await page.tap('.my-transfers')
  await page.tap('.my-wrong-book')
  await page.tap('.open-data-copy')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/membership/card', '/pages/membership/transfers', '/pages/quiz/wrong-book', '/pages/privacy/data-copy'])
})

test('我的: the counts that do not come leave the page usable; a profile that does not come offers a retry', async () => {
  const device = worker({
    'GET /api/me/profile': [{ fail: 'timeout' }, { fail: 'timeout' }, { body: f.profile() }],
    'GET /api/membership/applications/mine': { body: [] },
    'GET /api/training/enrollments/mine': problem(404, 'request.failed', '未找到相关内容'),
    'GET /api/subsidies/applications/mine': { body: [] },
  })
  const page = await openPage(device, 'pages/mine/mine')
  assert.ok(page.exists('.retry'))
  await page.tap('.retry')
  assert.equal(page.text('.my-name'), '未填写姓名')
  assert.equal(page.text('.enrollment-count'), '0 项')
  assert.equal(page.exists('.open-card'), false, 'no card before joining')
})

test('我的: logging out asks first, ends the session on the server and goes to the login page', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.profile() },
    'GET /api/membership/applications/mine': { body: [] },
    'GET /api/training/enrollments/mine': { body: [] },
    'GET /api/subsidies/applications/mine': { body: [] },
    'POST /api/auth/logout': { status: 204 },
  }, { modalAnswers: [false, true] })
  const page = await openPage(device, 'pages/mine/mine')
  await page.tap('.logout')
  assert.equal(device.calls('POST /api/auth/logout').length, 0, 'not without a yes')
  await page.tap('.logout')
  assert.equal(device.calls('POST /api/auth/logout').length, 1)
  assert.equal(device.wx.getStorageSync('changai.session.worker'), '')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['reLaunch /pages/login/login'])
})

test('agreements: 用户服务协议 and 隐私政策 read in plain words; the privacy policy opens WeChat\'s privacy guide too', async () => {
  const device = createFakeWx({ routes: {} })
  let page = await openPage(device, 'pages/legal/document?doc=terms')
  assert.equal(page.text('.document-title'), '用户服务协议')
  assert.equal(page.exists('.wechat-guide'), false)
  page.close()
  page = await openPage(device, 'pages/legal/document?doc=privacy')
  assert.equal(page.text('.document-title'), '隐私政策')
  assert.match(page.screen, /身份证号.*单独征得您同意/)
  assert.deepEqual(device.log.titles, ['用户服务协议', '隐私政策'])
  await page.tap('.wechat-guide')
  assert.equal(device.log.privacyContracts, 1)
})

test('profile: the workplace is picked by prefecture and county name from the server\'s list; the code is what is saved', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile({ countyCode: '530111' }) },
    'GET /api/me/consents/sensitive-personal-information': { body: f.consent(true) },
    'GET /api/regions/counties': { body: f.counties() },
    'PUT /api/me/profile': (req) => ({ body: f.fullProfile({ countyCode: req.body.countyCode }) }),
  })
  const page = await openPage(device, 'pages/profile/profile')
  assert.equal(page.text('.county-value'), '昆明市 官渡区')
  assert.equal(page.exists('.county-code'), false, 'no code to type')
  // Turning the first column to 曲靖市 offers its counties; choosing 宣威市 keeps its code.
  await page.trigger('.county', 'columnchange', { column: 0, value: 1 })
  assert.deepEqual(page.data.regionColumns[1], ['麒麟区', '宣威市'])
  await page.trigger('.county', 'change', { value: [1, 1] })
  assert.equal(page.text('.county-value'), '曲靖市 宣威市')
  await page.tap('.save')
  assert.equal(device.calls('PUT /api/me/profile')[0].body.countyCode, '530381')
})

test('profile: when the county list does not come, the form still works and a button fetches the list again', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile({ countyCode: null }) },
    'GET /api/me/consents/sensitive-personal-information': { body: f.consent(true) },
    'GET /api/regions/counties': [{ fail: 'timeout' }, { fail: 'timeout' }, { body: f.counties() }],
  })
  const page = await openPage(device, 'pages/profile/profile')
  assert.equal(page.text('.county-value'), '请选择州（市）和县（市、区）')
  assert.deepEqual(device.log.toasts, [], 'no toast for the list: the button says it')
  await page.tap('.retry-regions')
  assert.equal(page.exists('.retry-regions'), false)
  assert.deepEqual(page.data.regionColumns[0], ['昆明市', '曲靖市'])
})

const transfer = (over = {}) => Object.assign({
  id: 't-1', from: { id: 'u-yunnei', name: '云南云内动力集团有限公司工会' }, to: { id: 'u-kmsteel', name: '昆明钢铁集团工会' }, reason: '换了工作',
  status: 'pending', statusText: '待审核', reviewComment: null, fromNumber: '5301-1', toNumber: null, requestedAt: '2026-12-01T02:00:00Z', decidedAt: null, timeline: [],
}, over)

test('transfer: a member finds the new union, says why and asks once with a key; the request shows on the transfers page', async () => {
  const device = worker({
    'GET /api/membership/card': { body: f.card() },
    'GET /api/unions': { body: f.page([f.union({ id: 'u-kmsteel', name: '昆明钢铁集团工会' })]) },
    'POST /api/membership/transfers': { status: 201, body: transfer() },
  })
  const page = await openPage(device, 'pages/membership/transfer')
  assert.equal(page.text('.current-union'), '云南云内动力集团有限公司工会')
  await page.tap('.search')
  assert.match(page.text('.transfer-error'), /请输入新单位/)
  await page.input('.keyword', '昆钢')
  await page.tap('.search')
  assert.deepEqual(device.calls('GET /api/unions')[0].query, { keyword: '昆钢', pageSize: '20' })
  await page.tap('.union', '昆明钢铁')
  await page.tap('.submit')
  assert.match(page.text('.transfer-error'), /请写一下转移的原因/)
  assert.equal(device.calls('POST /api/membership/transfers').length, 0)
  await page.input('.reason', '换了工作，现在在昆钢上班')
  await page.tap('.submit')
  const [sent] = device.calls('POST /api/membership/transfers')
  assert.deepEqual(sent.body, { toUnionId: 'u-kmsteel', reason: '换了工作，现在在昆钢上班' })
  assert.ok(sent.headers['Idempotency-Key'])
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['redirectTo /pages/membership/transfers?id=t-1'])
})

test('transfer: someone not yet a member is told why there is nothing to move; a refusal shows the server\'s reason', async () => {
  let device = worker({ 'GET /api/membership/card': problem(404, 'membership.not_member', '您还不是工会会员，入会申请通过后即可领取电子会员卡') })
  let page = await openPage(device, 'pages/membership/transfer')
  assert.match(page.text('.not-member'), /只有工会会员才能办理会籍转移/)
  assert.equal(page.exists('.keyword'), false)

  device = worker({
    'GET /api/membership/card': { body: f.card() },
    'GET /api/unions': { body: f.page([f.union()]) },
    'POST /api/membership/transfers': problem(422, 'membership.transfer_same_union', '您的会籍已在该工会，无需转移'),
  })
  page = await openPage(device, 'pages/membership/transfer')
  await page.input('.keyword', '云内')
  await page.tap('.search')
  await page.tap('.union')
  await page.input('.reason', '换了车间')
  await page.tap('.submit')
  assert.equal(page.text('.transfer-error'), '您的会籍已在该工会，无需转移')
})

test('transfers: progress of each, the one a notification names highlighted; a pending one can be withdrawn', async () => {
  const device = worker({
    'GET /api/membership/transfers/mine': [{ body: [transfer(), transfer({ id: 't-0', status: 'approved', statusText: '已转入', toNumber: '5301-9' })] },
      { body: [transfer({ status: 'withdrawn', statusText: '已撤回' }), transfer({ id: 't-0', status: 'approved', statusText: '已转入', toNumber: '5301-9' })] }],
    'POST /api/membership/transfers/t-1/withdraw': { status: 204 },
  }, { modalAnswers: [true] })
  const page = await openPage(device, 'pages/membership/transfers?id=t-1')
  assert.equal(page.texts('.transfer').length, 2)
  assert.ok(page.exists('.transfer.selected', '待审核'))
  assert.equal(page.text('.new-number'), '5301-9')
  assert.equal(page.texts('.withdraw').length, 1, 'only the pending one')
  await page.tap('.withdraw')
  assert.equal(device.calls('POST /api/membership/transfers/t-1/withdraw').length, 1)
  assert.equal(page.exists('.withdraw'), false)
  await page.tap('.request-transfer')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/membership/transfer'])
})

const draft = {
  id: 's-1', program: { id: 'p-1', name: '云南省职工技能提升补贴', kind: 'skillCertificate' }, status: 'draft', statusText: '草稿', attachments: [],
  missingDocuments: ['职业技能等级证书'], canEdit: true, canWithdraw: false, timeline: [], submittedAt: null, currentStepDueAt: null, correctionDueAt: null,
}
const evidenceRoutes = (more = {}) => Object.assign({
  'GET /api/subsidies/applications/s-1': { body: draft },
  'GET /api/subsidies/programs': { body: [{ id: 'p-1', rules: { documents: [{ code: 'certificate', name: '职业技能等级证书' }] } }] },
}, more)

test('evidence: a PDF from a WeChat chat is uploaded for its document; a file that is too big or not a PDF is stopped before upload', async () => {
  const uploaded = { id: 'f-1', documentCode: 'certificate', fileName: '证书.pdf', contentType: 'application/pdf', sizeBytes: 400000, uploadedAt: '2026-12-01T02:00:00Z' }
  const device = worker(evidenceRoutes({ 'UPLOAD /api/subsidies/applications/s-1/attachments': { status: 201, body: uploaded } }))
  const page = await openPage(device, 'pages/subsidies/detail?id=s-1')
  assert.match(page.screen, /每个文件不超过 5\.0 MB/)

  device.willPickFromChat([{ path: 'wxfile://tmp/big.pdf', name: '扫描件.pdf', size: 7.5 * 1024 * 1024 }])
  await page.tap('.attach-pdf')
  assert.deepEqual(device.log.messageFilePicks[0], { count: 1, type: 'file', extension: ['pdf'] })
  assert.equal(page.text('.submit-error'), '“扫描件.pdf”有 7.5 MB，超过了 5.0 MB。请压缩后再传，或者拍照上传')
  assert.equal(device.calls('UPLOAD /api/subsidies/applications/s-1/attachments').length, 0)

  device.willPickFromChat([{ path: 'wxfile://tmp/a.docx', name: '证明.docx', size: 20000 }])
  await page.tap('.attach-pdf')
  assert.match(page.text('.submit-error'), /“证明\.docx”不是 PDF 文件/)
  assert.equal(device.calls('UPLOAD /api/subsidies/applications/s-1/attachments').length, 0)

  device.willPickFromChat([{ path: 'wxfile://tmp/cert.pdf', name: '证书.pdf', size: 400000 }])
  await page.tap('.attach-pdf')
  const [upload] = device.calls('UPLOAD /api/subsidies/applications/s-1/attachments')
  assert.equal(upload.filePath, 'wxfile://tmp/cert.pdf')
  assert.match(upload.url, /documentCode=certificate/)
  assert.ok(upload.headers['Idempotency-Key'])
  assert.equal(page.text('.message'), '材料已上传')
  assert.equal(page.exists('.submit-error'), false)
})

test('evidence: a photo over the limit is stopped too; closing the chat picker sends nothing', async () => {
  const device = worker(evidenceRoutes())
  const page = await openPage(device, 'pages/subsidies/detail?id=s-1')
  global.wx = device.wx
  const original = device.wx.chooseMedia
  device.wx.chooseMedia = (o) => o.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/huge.jpg', size: 9 * 1024 * 1024, fileType: 'image' }] })
  await page.tap('.attach')
  assert.match(page.text('.submit-error'), /“huge\.jpg”有 9\.0 MB/)
  device.wx.chooseMedia = original
  device.willPickFromChat(null)
  await page.tap('.attach-pdf')
  assert.equal(device.requests.filter((r) => r.method === 'UPLOAD').length, 0)
})
