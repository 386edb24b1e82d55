const test = require('node:test')
const assert = require('node:assert/strict')
const jsQR = require('jsqr')
const { openPage } = require('../support/harness')
const { createFakeWx, problem } = require('../support/fake-wx')
const { createCanvas } = require('../support/canvas')
const f = require('../support/fixtures')
const config = require('../../utils/config')

config.retryDelayMs = 1

/** A logged-in worker's phone answering from `routes`. */
function worker(routes, options = {}) {
  const device = createFakeWx(Object.assign({ routes }, options))
  device.loggedIn('worker', { id: 'w1' })
  return device
}

test('login: nothing is sent until the 用户服务协议 and 隐私政策 are agreed to; then one tap logs in and opens the home page', async () => {
  const device = createFakeWx({ routes: {
    'POST /api/auth/wechat-login': { body: { accessToken: 'a1', refreshToken: 'r1', expiresIn: 1800, worker: { id: 'w1', isNewUser: true } } },
  } })
  const page = await openPage(device, 'pages/login/login')
  assert.deepEqual(device.requests, [], 'nothing is sent before the tap')
  await page.tap('.login-button')
  assert.match(page.text('.agreement-needed'), /请先阅读并勾选同意《用户服务协议》和《隐私政策》/)
  assert.deepEqual(device.requests, [], 'no login without the agreement')
  await page.tap('.open-privacy')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/legal/document?doc=privacy'])
  device.log.navigations.length = 0
  await page.trigger('.agree-terms', 'change', { value: ['agree'] })
  await page.tap('.login-button')
  assert.deepEqual(device.calls('POST /api/auth/wechat-login')[0].body, { code: 'login-code-1' })
  assert.equal(device.calls('POST /api/auth/wechat-login')[0].headers.Authorization, undefined)
  assert.equal(device.wx.getStorageSync('changai.session.worker').accessToken, 'a1')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['switchTab /pages/index/index'])
  assert.equal(device.wx.getStorageSync('changai.agreement').version, config.agreementVersion, 'the version agreed to is kept')
})

test('login: an agreement given before on this phone is remembered; a new version of the texts asks again', async () => {
  const device = createFakeWx({ routes: {} })
  device.wx.setStorageSync('changai.agreement', { version: config.agreementVersion, acceptedAt: '2026-12-01T00:00:00Z' })
  let page = await openPage(device, 'pages/login/login')
  assert.equal(page.data.agreed, true)
  page.close()
  device.wx.setStorageSync('changai.agreement', { version: '2020-01-v1', acceptedAt: '2020-01-01T00:00:00Z' })
  page = await openPage(device, 'pages/login/login')
  assert.equal(page.data.agreed, false)
})

test('login: a refused code shows the Chinese reason on the page and keeps the button', async () => {
  const device = createFakeWx({ routes: { 'POST /api/auth/wechat-login': problem(400, 'auth.invalid_code', '登录凭证无效或已过期，请重新进入小程序') } })
  const page = await openPage(device, 'pages/login/login')
  await page.trigger('.agree-terms', 'change', { value: ['agree'] })
  await page.tap('.login-button')
  assert.equal(page.text('.error'), '登录凭证无效或已过期，请重新进入小程序')
  assert.deepEqual(device.log.toasts, ['登录凭证无效或已过期，请重新进入小程序'])
  assert.deepEqual(device.log.navigations, [])
  assert.ok(page.exists('.login-button'))
})

test('home: a new worker sees the three steps and the first one to do', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.profile() },
    'GET /api/membership/applications/mine': { body: [] },
    'GET /api/notifications/unread-count': { body: { unreadCount: 0 } },
    'GET /api/membership/claims/mine': { body: [] },
  })
  const page = await openPage(device, 'pages/index/index')
  assert.deepEqual(page.texts('.step'), ['1. 填写姓名和身份证号去填写', '2. 绑定手机号去绑定', '3. 选择工会，提交申请去申请'])
  await page.tap('.next-step')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/profile/profile'])
})

test('home: a member gets the e-card one tap away and the unread count', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/membership/applications/mine': { body: [f.application({ status: 'approved', statusText: '已通过', membershipNumber: '5301-20261121-530111001-00001' })] },
    'GET /api/notifications/unread-count': { body: { unreadCount: 2 } },
    'GET /api/membership/claims/mine': { body: [] },
  })
  const page = await openPage(device, 'pages/index/index')
  assert.equal(page.text('.greeting'), '张建国，您好')
  assert.equal(page.text('.unread'), '2')
  assert.deepEqual(device.log.badges, ['2'], 'the 消息 tab shows the count too')
  await page.tap('.open-card')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/membership/card'])
})

test('home: without a session it goes to the login page', async () => {
  const device = createFakeWx({})
  await openPage(device, 'pages/index/index')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['reLaunch /pages/login/login'])
  assert.equal(device.requests.length, 0)
})

test('profile: the ID number waits for the separate consent, which is recorded with its text version', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.profile() },
    'GET /api/me/consents/sensitive-personal-information': { body: f.consent(false) },
    'POST /api/me/consents/sensitive-personal-information': { body: f.consent(true) },
  })
  const page = await openPage(device, 'pages/profile/profile')
  assert.match(page.text('.consent-text'), /敏感个人信息/)
  assert.equal(page.attr('.id-number', 'disabled'), true)
  await page.tap('.grant-consent')
  assert.deepEqual(device.calls('POST /api/me/consents/sensitive-personal-information')[0].body, { textVersion: '2026-11-v1' })
  assert.ok(page.exists('.consent-given'))
  assert.equal(page.attr('.id-number', 'disabled'), false)
})

test('profile: saving sends the whole profile, keeps fields the form does not show, and shows field errors', async () => {
  const saved = f.fullProfile({ realName: '李四' })
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/me/consents/sensitive-personal-information': { body: f.consent(true) },
    'PUT /api/me/profile': [problem(400, 'validation.failed', '身份证号：校验码不正确', { idNumber: ['身份证号：校验码不正确'] }), { body: saved }],
  })
  const page = await openPage(device, 'pages/profile/profile')
  assert.match(page.attr('.id-number', 'placeholder'), /1\*{16}X/)
  await page.input('.real-name', '李四')
  await page.input('.id-number', '11010519491231002x')
  await page.trigger('.employment-form', 'change', { value: 2 })
  await page.trigger('.new-employment-kind', 'change', { value: 1 })
  await page.tap('.save')
  assert.equal(page.text('.field-error'), '身份证号：校验码不正确')

  await page.input('.id-number', '')
  await page.tap('.save')
  const [first, second] = device.calls('PUT /api/me/profile').map((r) => r.body)
  assert.deepEqual(first, {
    realName: '李四', idNumber: '11010519491231002X', employer: '云内动力', industrySection: 'C', occupation: '焊工', skillLevel: 'level4',
    employmentForm: 'newEmploymentForm', newEmploymentKind: 'courier', countyCode: '530111', isEcologicalMigrant: false,
  })
  assert.equal(second.idNumber, null, 'an ID number left empty is not sent, so the stored one stays')
  assert.ok(page.exists('.saved'))
  assert.equal(page.exists('.field-error'), false)
})

test('profile: the number WeChat verified is bound with the getPhoneNumber code; a refusal sends nothing', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.profile() },
    'GET /api/me/consents/sensitive-personal-information': { body: f.consent(false) },
    'POST /api/me/phone': { body: { phoneMasked: '139****0000' } },
  })
  const page = await openPage(device, 'pages/profile/profile')
  await page.trigger('.bind-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' })
  assert.match(page.text('.phone-error'), /没有拿到手机号/)
  assert.equal(device.calls('POST /api/me/phone').length, 0)

  await page.trigger('.bind-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code: 'phone-code-1' })
  assert.deepEqual(device.calls('POST /api/me/phone')[0].body, { code: 'phone-code-1' })
  assert.equal(page.text('.phone-masked'), '139****0000')
  assert.equal(page.exists('.phone-error'), false)
})

function applyRoutes(more) {
  return Object.assign({
    'GET /api/unions': (req) => ({ body: f.page(req.query.keyword === '没有' ? [] : [f.union(), f.union({ id: 'u-2', name: '云南白药集团股份有限公司工会' })]) }),
  }, more)
}

test('apply: choose the channel, find the union, submit once with a key, then offer the WeChat reminder', async () => {
  const device = worker(applyRoutes({
    'POST /api/membership/applications': { status: 201, body: f.application() },
    'POST /api/notifications/subscriptions': { body: { credits: { 'sim-tmpl-review-result': 1 } } },
  }))
  const page = await openPage(device, 'pages/membership/apply')
  await page.tap('.channel', '我的单位有工会')
  assert.deepEqual(device.calls('GET /api/unions')[0].query, { channel: 'EmployerUnion', pageSize: '20' })
  await page.input('.keyword', '云内动力')
  await page.tap('.search')
  assert.deepEqual(device.calls('GET /api/unions')[1].query, { keyword: '云内动力', channel: 'EmployerUnion', pageSize: '20' })
  await page.tap('.union', '云内动力')
  assert.equal(page.text('.selected-name'), '云南云内动力集团有限公司工会')
  await page.input('.note', '我在二车间')
  await page.tap('.submit')

  const [sent] = device.calls('POST /api/membership/applications')
  assert.deepEqual(sent.body, { unionId: 'u-yunnei', channel: 'employerUnion', note: '我在二车间' })
  assert.ok(sent.headers['Idempotency-Key'])
  assert.ok(page.exists('.submitted'))
  assert.deepEqual(device.subscribePrompts, [], 'WeChat only prompts from a tap, so nothing is asked yet')

  await page.tap('.subscribe')
  assert.deepEqual(device.subscribePrompts, [['sim-tmpl-review-result']])
  assert.deepEqual(device.calls('POST /api/notifications/subscriptions')[0].body, { results: { 'sim-tmpl-review-result': 'accept' } })
  assert.match(page.text('.subscribed'), /微信会通知您/)
  await page.tap('.view-status')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['redirectTo /pages/membership/status?id=app-1'])
})

test('apply: tapping submit again after a lost answer reuses the key, so the API can answer with the first result', async () => {
  const device = worker(applyRoutes({
    'POST /api/membership/applications': [{ fail: 'timeout' }, { fail: 'timeout' }, { fail: 'timeout' }, { status: 201, body: f.application() }],
  }))
  const page = await openPage(device, 'pages/membership/apply')
  await page.tap('.channel', '我的单位有工会')
  await page.tap('.union', '云内动力')
  await page.tap('.submit')
  assert.equal(page.text('.apply-error'), '网络连接不稳定，请检查网络后重试')
  await page.tap('.submit')
  assert.ok(page.exists('.submitted'))
  const keys = device.calls('POST /api/membership/applications').map((r) => r.headers['Idempotency-Key'])
  assert.equal(keys.length, 4)
  assert.equal(new Set(keys).size, 1)
})

test('apply: choosing another union makes a new key (the API refuses a key reused for a different submit)', async () => {
  const device = worker(applyRoutes({ 'POST /api/membership/applications': { fail: 'timeout' } }))
  const page = await openPage(device, 'pages/membership/apply')
  await page.tap('.channel', '我的单位有工会')
  await page.tap('.union', '云内动力')
  await page.tap('.submit')
  await page.tap('.union', '云南白药')
  await page.tap('.submit')
  const keys = new Set(device.calls('POST /api/membership/applications').map((r) => r.headers['Idempotency-Key']))
  assert.equal(keys.size, 2)
})

test('apply: an incomplete profile is explained on the page with a way to fix it', async () => {
  const device = worker(applyRoutes({
    'POST /api/membership/applications': problem(422, 'membership.profile_incomplete', '申请入会前请先在“我的资料”中完善：身份证号、手机号'),
  }))
  const page = await openPage(device, 'pages/membership/apply')
  await page.tap('.channel', '我的单位没有工会')
  await page.tap('.union', '云内动力')
  await page.tap('.submit')
  assert.equal(page.text('.apply-error'), '申请入会前请先在“我的资料”中完善：身份证号、手机号')
  assert.deepEqual(device.log.toasts, [], 'shown on the page instead of a toast')
  await page.tap('.fix-profile')
  assert.equal(device.log.navigations[0].url, '/pages/profile/profile')
})

test('apply: a search with no result says what to do next', async () => {
  const device = worker(applyRoutes({}))
  const page = await openPage(device, 'pages/membership/apply')
  await page.tap('.channel', '我的单位有工会')
  await page.input('.keyword', '没有')
  await page.tap('.search')
  assert.match(page.screen, /没有找到。换个关键字试试/)
})

test('apply: a returned application is corrected and resubmitted with PUT', async () => {
  const returned = f.application({ status: 'returned', statusText: '已退回修改', reviewComment: '请填写工作单位', canResubmit: true })
  const device = worker(applyRoutes({
    'GET /api/membership/applications/mine': { body: [returned] },
    'PUT /api/membership/applications/app-1': { body: f.application() },
  }))
  const page = await openPage(device, 'pages/membership/apply?resubmit=app-1')
  assert.equal(page.text('.selected-name'), '云南云内动力集团有限公司工会')
  assert.match(page.text('.apply-error'), /请填写工作单位/)
  await page.tap('.submit')
  assert.deepEqual(device.calls('PUT /api/membership/applications/app-1')[0].body, { unionId: 'u-yunnei', channel: 'employerUnion', note: null })
  assert.ok(page.exists('.submitted'))
})

test('status: shows the application named by the notification with its history, newest first', async () => {
  const approved = f.application({
    id: 'app-2', status: 'approved', statusText: '已通过', membershipNumber: '5301-20261121-530111001-00001', canWithdraw: false,
    timeline: [
      f.application().timeline[0],
      { at: '2026-11-22T02:00:00Z', action: 'membership.application.approved', text: '审核通过，已成为工会会员', actor: '工会', fromState: 'Submitted', toState: 'Approved', reason: null },
    ],
  })
  const device = worker({ 'GET /api/membership/applications/mine': { body: [f.application({ id: 'app-3' }), approved] } })
  const page = await openPage(device, 'pages/membership/status?id=app-2')
  assert.equal(page.text('.status'), '已通过')
  assert.equal(page.text('.membership-number'), '5301-20261121-530111001-00001')
  assert.deepEqual(page.texts('.timeline-text'), ['审核通过，已成为工会会员', '提交入会申请'])
  assert.match(page.screen, /2026年11月22日 10:00/, 'times are China time')
  assert.equal(page.exists('.withdraw'), false)
  await page.tap('.view-card')
  assert.equal(device.log.navigations[0].url, '/pages/membership/card')
})

test('status: withdrawing asks first and does nothing when the person says no', async () => {
  const device = worker({
    'GET /api/membership/applications/mine': [{ body: [f.application()] }, { body: [f.application({ status: 'withdrawn', statusText: '已撤回', canWithdraw: false })] }],
    'POST /api/membership/applications/app-1/withdraw': { status: 204 },
  }, { modalAnswers: [false, true] })
  const page = await openPage(device, 'pages/membership/status')
  await page.tap('.withdraw')
  assert.equal(device.calls('POST /api/membership/applications/app-1/withdraw').length, 0)
  await page.tap('.withdraw')
  assert.equal(device.calls('POST /api/membership/applications/app-1/withdraw').length, 1)
  assert.equal(page.text('.status'), '已撤回')
  assert.ok(page.exists('.apply-again'))
})

test('status: without any application it offers to apply', async () => {
  const device = worker({ 'GET /api/membership/applications/mine': { body: [] } })
  const page = await openPage(device, 'pages/membership/status')
  assert.ok(page.exists('.no-application'))
})

test('card: shows the member, and the QR painted on the canvas scans to the token from the API', async () => {
  const card = f.card()
  const device = worker({ 'GET /api/membership/card': { body: card } })
  const page = await openPage(device, 'pages/membership/card')
  assert.equal(page.text('.card-name'), '张建国')
  assert.equal(page.text('.card-number'), '5301-20261121-530111001-00001')
  assert.equal(page.text('.card-joined'), '2026年11月21日')
  assert.match(page.screen, /二维码 2 分钟内有效/)
  const canvas = createCanvas()
  page.instance.paint(canvas, 480)
  assert.equal(jsQR(canvas.pixels, 480, 480).data, card.qrToken)
  page.close()
})

test('card: someone not yet a member is told so on the page, without an error toast', async () => {
  const device = worker({ 'GET /api/membership/card': problem(404, 'membership.not_member', '您还不是工会会员，入会申请通过后即可领取电子会员卡') })
  const page = await openPage(device, 'pages/membership/card')
  assert.match(page.text('.not-member'), /您还不是工会会员/)
  assert.deepEqual(device.log.toasts, [])
  page.close()
})

test('inbox: shows unread messages, opening one marks it read and follows its link', async () => {
  const device = worker({
    'GET /api/notifications/inbox': { body: { items: [f.notification(), f.notification({ id: 'n-0', title: '入会申请已提交', readAt: '2026-11-21T04:06:00Z', page: null })], page: 1, pageSize: 20, total: 2, unreadCount: 1 } },
    'POST /api/notifications/n-1/read': { status: 204 },
  })
  const page = await openPage(device, 'pages/notifications/inbox')
  assert.equal(page.text('.unread-summary'), '1 条未读')
  assert.deepEqual(page.texts('.message-title'), ['入会申请已通过', '入会申请已提交'])
  assert.deepEqual(device.log.badges, ['1'])
  await page.tap('.message', '入会申请已通过')
  assert.equal(device.calls('POST /api/notifications/n-1/read').length, 1)
  assert.equal(page.text('.unread-summary'), '没有未读消息')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['navigateTo /pages/membership/status?id=app-1'])
  assert.deepEqual(device.log.badges, ['1', ''])
})

test('inbox: "全部已读" clears the count; more messages load at the bottom', async () => {
  const first = Array.from({ length: 20 }, (_, i) => f.notification({ id: 'n-' + i, title: '消息' + i }))
  const device = worker({
    'GET /api/notifications/inbox': (req) => ({ body: { items: req.query.page === '2' ? [f.notification({ id: 'n-20', title: '消息20' })] : first, page: Number(req.query.page), pageSize: 20, total: 21, unreadCount: 21 } }),
    'POST /api/notifications/read-all': { body: { unreadCount: 0 } },
  })
  const page = await openPage(device, 'pages/notifications/inbox')
  assert.equal(page.texts('.message').length, 20)
  await page.call('onReachBottom')
  assert.equal(page.texts('.message').length, 21)
  await page.tap('.read-all')
  assert.equal(page.text('.unread-summary'), '没有未读消息')
  assert.equal(page.texts('.message.unread').length, 0)
})
