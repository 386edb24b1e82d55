/**
 * On site: a worker checks in to training from the 小程序码 on the organiser's screen (WeChat's own scanner, or 扫码签到
 * in the app), shows the e-card at full brightness, and an officer scans that card and sees whether it is valid. Also
 * the officer's inbox.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const { openPage } = require('../support/harness')
const { createFakeWx, problem } = require('../support/fake-wx')
const f = require('../support/fixtures')
const config = require('../../utils/config')
const trainingApi = require('../../api/training')

config.retryDelayMs = 1

const SESSION = '0193a000-0000-7000-8000-000000000001'
/** A 小程序码 scene as the API issues it: the session id in 22 base64url characters, then a 10-character token. */
const scene = (token) => Buffer.from(SESSION.replace(/-/g, ''), 'hex').toString('base64url') + token

const enrollment = (over = {}) => Object.assign({
  id: 'e-1', courseId: 'c-1', courseTitle: '育婴员（五级）职业技能培训', sessionId: SESSION, sessionTitle: '第一期', startsAt: '2026-11-25T01:00:00Z',
  endsAt: '2026-11-25T09:00:00Z', place: '官渡区职工服务中心', status: 'confirmed', statusText: '报名成功', checkedInAt: null, canCancel: true, canConfirm: false,
}, over)
const checkedIn = { enrollmentId: 'e-1', status: 'checkedIn', statusText: '已签到', checkedInAt: '2026-11-25T00:55:00Z', method: 'qrCode', alreadyCheckedIn: false }

function worker(routes, options = {}) {
  const device = createFakeWx(Object.assign({ routes }, options))
  device.loggedIn('worker', { id: 'w1' })
  return device
}

test('a check-in scene is the session id and the token, read back exactly', () => {
  assert.deepEqual(trainingApi.parseCheckInScene(scene('AbCdEfGh-_')), { sessionId: SESSION, token: 'AbCdEfGh-_' })
  assert.equal(trainingApi.parseCheckInScene(scene('short')), null)
  assert.equal(trainingApi.parseCheckInScene('id=42&x=1'), null)
  assert.deepEqual(trainingApi.parseCheckInScan({ path: 'pages/training/check-in?scene=' + encodeURIComponent(scene('AbCdEfGh-_')) }),
    { sessionId: SESSION, token: 'AbCdEfGh-_' })
  assert.deepEqual(trainingApi.parseCheckInScan({ result: 'changai:training-check-in:' + SESSION + ':5.mac' }), { sessionId: SESSION, token: '5.mac' })
})

test('check-in page: opened by WeChat\'s scanner from the 小程序码, it checks in at once and names the course', async () => {
  const device = worker({
    ['POST /api/training/sessions/' + SESSION + '/check-in']: { body: checkedIn },
    'GET /api/training/enrollments/mine': { body: [enrollment({ status: 'checkedIn', statusText: '已签到', checkedInAt: '2026-11-25T00:55:00Z' })] },
  })
  const page = await openPage(device, 'pages/training/check-in?scene=' + encodeURIComponent(scene('tok1234567')))
  assert.deepEqual(device.calls('POST /api/training/sessions/' + SESSION + '/check-in')[0].body, { token: 'tok1234567' })
  assert.equal(page.text('.check-in-result'), '育婴员（五级）职业技能培训 第一期：签到成功')
  assert.match(page.screen, /签到时间 2026年11月25日 08:55/)
  await page.tap('.open-mine')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/training/enrollments'])
})

test('check-in page: someone not logged in logs in first and comes back to the same code', async () => {
  const device = createFakeWx({ routes: {} })
  const url = '/pages/training/check-in?scene=' + encodeURIComponent(scene('tok1234567'))
  await openPage(device, url)
  assert.equal(device.requests.length, 0)
  const [go] = device.log.navigations
  assert.equal(go.kind, 'redirectTo')
  assert.equal(go.url, '/pages/login/login?redirect=' + encodeURIComponent(url))
})

test('check-in page: an expired code says so and 再扫一次 reads the screen\'s new 小程序码 (behind the privacy pop-up)', async () => {
  const device = worker({
    ['POST /api/training/sessions/' + SESSION + '/check-in']: [
      problem(422, 'training.check_in_token_expired', '签到二维码已过期，请扫描现场屏幕上最新的二维码（每 30 秒更新一次）'),
      { body: checkedIn },
    ],
    'GET /api/training/enrollments/mine': { body: [enrollment()] },
  }, { privacy: 'unset' })
  const page = await openPage(device, 'pages/training/check-in?scene=' + encodeURIComponent(scene('oldtoken00')))
  assert.match(page.text('.check-in-error'), /签到二维码已过期/)
  assert.deepEqual(device.log.toasts, [], 'the reason is on the page, not in a toast')

  device.willScan({ path: 'pages/training/check-in?scene=' + encodeURIComponent(scene('newtoken11')), result: '' })
  await page.tap('.scan-again')
  await page.inside('.privacy').trigger('.privacy-agree', 'agreeprivacyauthorization', {})
  assert.deepEqual(device.calls('POST /api/training/sessions/' + SESSION + '/check-in').map((r) => r.body.token), ['oldtoken00', 'newtoken11'])
  assert.match(page.text('.check-in-result'), /签到成功/)
})

test('check-in page: a code that is not a whole check-in code sends nothing and says what to scan', async () => {
  const device = worker({})
  const page = await openPage(device, 'pages/training/check-in?scene=' + encodeURIComponent('id=42'))
  assert.equal(device.requests.length, 0)
  assert.match(page.text('.check-in-error'), /签到码不完整/)
})

test('my training: 扫码签到 reads the 小程序码 on the screen (WeChat gives its page and scene) and checks in', async () => {
  const device = worker({
    'GET /api/training/enrollments/mine': [{ body: [enrollment()] }, { body: [enrollment({ status: 'checkedIn', statusText: '已签到', checkedInAt: '2026-11-25T00:55:00Z', canCancel: false })] }],
    ['POST /api/training/sessions/' + SESSION + '/check-in']: { body: checkedIn },
  })
  const page = await openPage(device, 'pages/training/enrollments')
  device.willScan({ path: 'pages/training/check-in?scene=' + encodeURIComponent(scene('tok1234567')), result: '' })
  await page.tap('.scan')
  assert.deepEqual(device.calls('POST /api/training/sessions/' + SESSION + '/check-in')[0].body, { token: 'tok1234567' })
  assert.equal(page.text('.check-in-message'), '第一期：签到成功')
  assert.equal(page.text('.status'), '已签到')
})

test('e-card: the screen goes to full brightness and stays on while the card shows, and back to the person\'s own after', async () => {
  const device = worker({ 'GET /api/membership/card': { body: f.card() } })
  const page = await openPage(device, 'pages/membership/card')
  assert.deepEqual(device.log.brightness, [1])
  assert.deepEqual(device.log.keepScreenOn, [true])
  await page.call('onHide')
  assert.deepEqual(device.log.brightness, [1, 0.4])
  assert.deepEqual(device.log.keepScreenOn, [true, false])
  await page.call('onShow')
  assert.deepEqual(device.log.brightness, [1, 0.4, 1])
  page.close()
  assert.deepEqual(device.log.brightness.slice(-1), [0.4])
})

function officerDevice(routes, options = {}) {
  const device = createFakeWx(Object.assign({ routes }, options))
  device.loggedIn('officer', f.officer())
  return device
}

test('verify card: the officer scans a member\'s e-card and sees it valid, with masked name, union and number', async () => {
  const device = officerDevice({
    'POST /api/membership/card/verify': [
      { body: { valid: true, reason: null, maskedName: '张*国', unionName: '云南云内动力集团有限公司工会', membershipNumber: '5301-20261121-530111001-00001', joinedOn: '2026-11-21' } },
      { body: { valid: false, reason: '二维码已过期，请让对方刷新会员卡', maskedName: null, unionName: null, membershipNumber: null, joinedOn: null } },
    ],
  })
  const page = await openPage(device, 'pages/officer/verify-card')
  device.willScan('eyJNZW1iZXJJZCI6IjEifQ.c2lnbmF0dXJl')
  await page.tap('.scan')
  const [sent] = device.calls('POST /api/membership/card/verify')
  assert.deepEqual(sent.body, { token: 'eyJNZW1iZXJJZCI6IjEifQ.c2lnbmF0dXJl' })
  assert.equal(sent.headers.Authorization, 'Bearer officer-token-1', 'with the officer\'s own session')
  assert.equal(page.text('.verdict'), '有效会员')
  assert.equal(page.text('.member-name'), '张*国')
  assert.equal(page.text('.member-number'), '5301-20261121-530111001-00001')
  assert.match(page.screen, /2026年11月21日/)

  device.willScan('an-old-screenshot')
  await page.tap('.scan', '扫下一张')
  assert.equal(page.text('.verdict'), '不能通过核验')
  assert.equal(page.text('.invalid-reason'), '二维码已过期，请让对方刷新会员卡')
  assert.equal(page.exists('.member-number'), false)
})

test('verify card: closing the camera sends nothing; without an officer session it goes to the officer login', async () => {
  const device = officerDevice({})
  const page = await openPage(device, 'pages/officer/verify-card')
  device.willScan(null)
  await page.tap('.scan')
  assert.equal(device.requests.length, 0)

  const stranger = worker({})
  await openPage(stranger, 'pages/officer/verify-card')
  assert.deepEqual(stranger.log.navigations.map((n) => n.kind + ' ' + n.url), ['redirectTo /pages/officer/login'])
})

test('officer inbox: the officer\'s own messages with the officer\'s token; opening one marks it read and follows its link', async () => {
  const digest = f.notification({ id: 'n-9', kind: 'officer.daily_digest', title: '今日待审核 3 份', body: '官渡区总工会有 3 份入会申请等待审核。', page: 'pages/officer/queue' })
  const device = officerDevice({
    'GET /api/notifications/inbox': { body: { items: [digest], page: 1, pageSize: 20, total: 1, unreadCount: 1 } },
    'POST /api/notifications/n-9/read': { status: 204 },
  })
  const page = await openPage(device, 'pages/officer/inbox')
  assert.equal(device.calls('GET /api/notifications/inbox')[0].headers.Authorization, 'Bearer officer-token-1')
  assert.equal(page.text('.unread-summary'), '1 条未读')
  assert.equal(page.text('.no-more'), '没有更多了', 'the shared list footer')
  assert.deepEqual(device.log.badges, [], 'the officer inbox is no tab: no badge')
  await page.tap('.message', '今日待审核')
  assert.equal(device.calls('POST /api/notifications/n-9/read')[0].headers.Authorization, 'Bearer officer-token-1')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['navigateTo /pages/officer/queue'])
  assert.equal(page.text('.unread-summary'), '没有未读消息')
})

test('officer inbox: without an officer session it goes to the officer login; the officer login page leads to inbox and card check', async () => {
  const stranger = worker({})
  await openPage(stranger, 'pages/officer/inbox')
  assert.deepEqual(stranger.log.navigations.map((n) => n.kind + ' ' + n.url), ['redirectTo /pages/officer/login'])

  const device = officerDevice({})
  const login = await openPage(device, 'pages/officer/login')
  await login.tap('.open-inbox')
  await login.tap('.open-verify')
  await login.tap('.open-subsidies')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/officer/inbox', '/pages/officer/verify-card', '/pages/officer/subsidies'])
})
