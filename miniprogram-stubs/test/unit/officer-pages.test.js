const test = require('node:test')
const assert = require('node:assert/strict')
const { openPage } = require('../support/harness')
const { createFakeWx, problem } = require('../support/fake-wx')
const f = require('../support/fixtures')
const config = require('../../utils/config')

config.retryDelayMs = 1

const officerLogin = (officer = f.officer()) => ({ body: { accessToken: 'o-a1', refreshToken: 'o-r1', expiresIn: 1800, officer } })

test('officer login: account and password give an officer session kept apart from the worker one', async () => {
  const device = createFakeWx({ routes: { 'POST /api/auth/officer-login': officerLogin() } })
  device.loggedIn('worker')
  const page = await openPage(device, 'pages/officer/login')
  await page.input('.username', ' km.guandu ')
  await page.input('.password', 'Demo@2026yn')
  await page.tap('.login')
  assert.deepEqual(device.calls('POST /api/auth/officer-login')[0].body, { username: 'km.guandu', password: 'Demo@2026yn' })
  assert.equal(device.wx.getStorageSync('changai.session.officer').accessToken, 'o-a1')
  assert.equal(device.wx.getStorageSync('changai.session.worker').accessToken, 'worker-token-1')
  assert.equal(page.text('.officer-name'), '官渡区总工会 审核员')
  assert.equal(page.data.password, '', 'the password is not kept on the page')
  await page.tap('.open-queue')
  assert.equal(device.log.navigations[0].url, '/pages/officer/queue')
})

test('officer login: an empty form sends nothing; a wrong password shows the reason', async () => {
  const device = createFakeWx({ routes: { 'POST /api/auth/officer-login': problem(401, 'auth.invalid_credentials', '用户名或密码错误') } })
  const page = await openPage(device, 'pages/officer/login')
  await page.tap('.login')
  assert.equal(page.text('.login-error'), '请填写账号和密码')
  assert.equal(device.requests.length, 0)
  await page.input('.username', 'km.guandu')
  await page.input('.password', 'wrong')
  await page.tap('.login')
  assert.equal(page.text('.login-error'), '用户名或密码错误')
  assert.equal(device.wx.getStorageSync('changai.session.officer'), '', 'a refused login stores nothing')
})

test('officer login: an account without membership review is told so and gets no queue button', async () => {
  const device = createFakeWx({ routes: { 'POST /api/auth/officer-login': officerLogin(f.officer({ username: 'km.quiz', permissions: ['ManageQuiz'] })) } })
  const page = await openPage(device, 'pages/officer/login')
  await page.input('.username', 'km.quiz')
  await page.input('.password', 'Demo@2026yn')
  await page.tap('.login')
  assert.ok(page.exists('.no-permission'))
  assert.equal(page.exists('.open-queue'), false)
})

test('officer login: binding this WeChat sends a wx.login code with the officer token, then reminders can be subscribed', async () => {
  const device = createFakeWx({ routes: {
    'POST /api/officer/wechat-binding': { body: { bound: true } },
    'POST /api/notifications/subscriptions': { body: { credits: { 'sim-tmpl-notice': 1 } } },
  } })
  device.loggedIn('officer', f.officer())
  const page = await openPage(device, 'pages/officer/login')
  await page.tap('.bind-wechat')
  const [binding] = device.calls('POST /api/officer/wechat-binding')
  assert.deepEqual(binding.body, { code: 'login-code-1' })
  assert.equal(binding.headers.Authorization, 'Bearer officer-token-1')
  assert.ok(page.exists('.bound'))
  await page.tap('.subscribe')
  assert.deepEqual(device.subscribePrompts, [['sim-tmpl-notice']])
  const [report] = device.calls('POST /api/notifications/subscriptions')
  assert.equal(report.headers.Authorization, 'Bearer officer-token-1', 'the credit belongs to the officer')
})

test('officer login: logging out ends the officer session on the server and here', async () => {
  const device = createFakeWx({ routes: { 'POST /api/auth/logout': { status: 204 } } })
  device.loggedIn('officer', f.officer())
  const page = await openPage(device, 'pages/officer/login')
  await page.tap('.logout')
  assert.deepEqual(device.calls('POST /api/auth/logout')[0].body, { refreshToken: 'officer-refresh-1' })
  assert.equal(device.wx.getStorageSync('changai.session.officer'), '')
  assert.ok(page.exists('.login'))
})

test('queue: lists waiting applications oldest first, with how long each has waited', async () => {
  const device = createFakeWx({ routes: {
    'GET /api/officer/membership/applications': { body: f.page([f.officerItem(), f.officerItem({ id: 'app-2', applicantName: '李四', waitingDays: 0 })]) },
  } })
  device.loggedIn('officer', f.officer())
  const page = await openPage(device, 'pages/officer/queue')
  assert.deepEqual(device.requests[0].query, { page: '1', pageSize: '20' })
  assert.equal(device.requests[0].headers.Authorization, 'Bearer officer-token-1')
  assert.deepEqual(page.texts('.applicant'), ['张建国', '李四'])
  assert.match(page.screen, /已等 3 天.*今天提交/)
  assert.match(page.text('.queue-summary'), /共 2 份申请/)
  await page.tap('.application', '李四')
  assert.equal(device.log.navigations[0].url, '/pages/officer/review?id=app-2')
})

test('queue: without an officer session it goes to the officer login', async () => {
  const device = createFakeWx({})
  device.loggedIn('worker')
  await openPage(device, 'pages/officer/queue')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['redirectTo /pages/officer/login'])
  assert.equal(device.requests.length, 0)
})

function reviewDevice(routes, options) {
  const device = createFakeWx(Object.assign({ routes: Object.assign({ 'GET /api/officer/membership/applications/app-1': { body: f.officerDetail() } }, routes) }, options))
  device.loggedIn('officer', f.officer())
  return device
}

test('review: shows the masked application and approves after confirming', async () => {
  const device = reviewDevice({
    'POST /api/officer/membership/applications/app-1/approve': { body: { id: 'app-1', status: 'approved', statusText: '已通过', membershipNumber: '5301-20261121-530111001-00001' } },
  })
  const page = await openPage(device, 'pages/officer/review?id=app-1')
  assert.equal(page.text('.applicant'), '张建国')
  assert.equal(page.text('.id-number'), '1****************X')
  assert.match(page.screen, /我在二车间/)
  await page.tap('.approve')
  assert.match(device.log.modals[0].content, /确定通过张建国的入会申请吗/)
  assert.deepEqual(device.calls('POST /api/officer/membership/applications/app-1/approve')[0].body, { comment: null })
  assert.equal(page.text('.decision-text'), '已通过，会员号 5301-20261121-530111001-00001')
  assert.equal(page.exists('.approve'), false)
  await page.tap('.back')
  assert.equal(device.log.navigations[0].kind, 'navigateBack')
})

test('review: cancelling the confirmation sends nothing', async () => {
  const device = reviewDevice({}, { modalAnswers: [false] })
  const page = await openPage(device, 'pages/officer/review?id=app-1')
  await page.tap('.approve')
  assert.equal(device.requests.filter((r) => r.method === 'POST').length, 0)
  assert.ok(page.exists('.approve'))
})

test('review: returning or rejecting needs a reason, which is sent', async () => {
  const device = reviewDevice({
    'POST /api/officer/membership/applications/app-1/return': { body: { id: 'app-1', status: 'returned', statusText: '已退回修改', membershipNumber: null } },
  })
  const page = await openPage(device, 'pages/officer/review?id=app-1')
  await page.tap('.reject')
  await page.tap('.return')
  assert.equal(page.text('.decide-error'), '请在上面写明原因，申请人会看到')
  assert.equal(device.requests.filter((r) => r.method === 'POST').length, 0)
  assert.equal(device.log.modals.length, 0)
  await page.input('.reason', '请填写工作单位')
  await page.tap('.return')
  assert.deepEqual(device.calls('POST /api/officer/membership/applications/app-1/return')[0].body, { reason: '请填写工作单位' })
  assert.equal(page.text('.decision-text'), '已退回，等申请人修改后重新提交')
})

test('review: an application another officer decided first is reloaded and the reason shown', async () => {
  const device = reviewDevice({
    'GET /api/officer/membership/applications/app-1': [{ body: f.officerDetail() }, { body: f.officerDetail({ status: 'approved', statusText: '已通过' }) }],
    'POST /api/officer/membership/applications/app-1/reject': problem(409, 'membership.already_decided', '该申请刚刚已由其他工作人员处理，请刷新后查看'),
  })
  const page = await openPage(device, 'pages/officer/review?id=app-1')
  await page.input('.reason', '材料不全')
  await page.tap('.reject')
  assert.deepEqual(device.log.toasts, ['该申请刚刚已由其他工作人员处理，请刷新后查看'])
  assert.equal(page.text('.status'), '已通过')
  assert.equal(page.exists('.decision'), false, 'no more buttons for a decided application')
})

test('review: opened without an application (the daily digest links here) it shows the queue instead', async () => {
  const device = createFakeWx({})
  device.loggedIn('officer', f.officer())
  await openPage(device, 'pages/officer/review')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['redirectTo /pages/officer/queue'])
  assert.equal(device.requests.length, 0)
})
