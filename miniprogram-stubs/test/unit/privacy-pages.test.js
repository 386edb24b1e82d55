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

const copy = {
  generatedAt: '2026-12-02T04:00:00Z',
  sections: [
    { title: '基本资料', lines: [{ label: '姓名', value: '张建国' }, { label: '身份证号', value: '11010519491231002X' }, { label: '手机号', value: '13987650000' }] },
    { title: '同意记录', lines: [{ label: '敏感个人信息处理同意（2026-11-v1）', value: '同意于 2026-11-21 12:00，有效' }] },
  ],
  text: '我的个人信息副本\n【基本资料】\n姓名：张建国\n身份证号：11010519491231002X\n',
}

const preview = (blockers = []) => ({
  erased: ['个人资料：姓名、身份证号', '微信登录绑定和登录状态（所有设备都将退出）'],
  kept: ['已发放的补贴：姓名、身份证号、金额和发放记录'],
  membership: ['注销账号视同本人申请退会：您在昆明市官渡区总工会的会籍将于注销时终止'],
  blockers,
  canCancel: blockers.length === 0,
})

test('profile: the personal-information card opens the data copy and the cancellation pages', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/me/consents/sensitive-personal-information': { body: f.consent(true) },
  })
  const page = await openPage(device, 'pages/profile/profile')
  await page.tap('.open-data-copy')
  await page.tap('.open-cancel')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/privacy/data-copy', '/pages/privacy/cancel'])
})

test('profile: withdrawing the consent asks first, then shows what the server did with the ID number', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/me/consents/sensitive-personal-information': { body: f.consent(true) },
    'DELETE /api/me/consents/sensitive-personal-information': { body: { idNumberErased: true, keptFor: [], closedApplications: 0, message: '已撤回同意。您的身份证号已删除；入会、会籍转移、补贴申请等需要实名核验的业务将无法办理，重新同意后可再次办理。' } },
  })
  const page = await openPage(device, 'pages/profile/profile')
  await page.tap('.withdraw-consent')
  assert.match(device.log.modals[0].content, /身份证号会被删除/)
  assert.equal(device.calls('DELETE /api/me/consents/sensitive-personal-information').length, 1)
  assert.match(page.text('.consent-withdrawn'), /身份证号已删除/)
  assert.ok(page.exists('.grant-consent'), 'the consent can be given again')
  assert.doesNotMatch(page.attr('.id-number', 'placeholder'), /\*/)
})

test('data copy: every section is shown in Chinese, with the full ID number, and copies as text', async () => {
  const device = worker({ 'GET /api/me/data-copy': { body: copy } })
  const page = await openPage(device, 'pages/privacy/data-copy')
  assert.deepEqual(page.texts('.section-title'), ['基本资料', '同意记录'])
  assert.ok(page.exists('.line', '11010519491231002X'))
  await page.tap('.copy-all')
  assert.deepEqual(device.log.clipboard, [copy.text])
  assert.ok(page.exists('.copied'))
})

test('data copy: a failure says why on the page', async () => {
  const device = worker({ 'GET /api/me/data-copy': problem(503, 'service.unavailable', '服务暂时不可用，请稍后重试') })
  const page = await openPage(device, 'pages/privacy/data-copy')
  assert.equal(page.text('.load-error'), '服务暂时不可用，请稍后重试')
  assert.ok(!page.exists('.copy-all'))
})

test('cancel: explains what is erased and kept, needs the switch and a last confirmation, then logs out', async () => {
  const device = worker({
    'GET /api/me/account/cancellation': { body: preview() },
    'POST /api/me/account/cancellation': { body: { cancelledAt: '2026-12-02T04:00:00Z', kept: [], message: '账号已注销，您的个人信息已删除。今后用同一微信登录，将作为新用户重新注册。' } },
  }, { modalAnswers: [false, true] })
  const page = await openPage(device, 'pages/privacy/cancel')
  assert.match(page.texts('.erased').join(''), /身份证号/)
  assert.match(page.text('.membership'), /会籍将于注销时终止/)
  assert.match(page.text('.kept'), /已发放的补贴/)
  assert.equal(page.attr('.confirm-cancel', 'disabled'), true)

  await page.trigger('.understood', 'change', { value: true })
  assert.equal(page.attr('.confirm-cancel', 'disabled'), false)
  await page.tap('.confirm-cancel')
  assert.equal(device.calls('POST /api/me/account/cancellation').length, 0, '再想想 sends nothing')
  await page.tap('.confirm-cancel')
  assert.deepEqual(device.calls('POST /api/me/account/cancellation')[0].body, { confirm: true })
  assert.match(page.text('.cancelled'), /新用户重新注册/)
  assert.equal(device.wx.getStorageSync('changai.session.worker'), '', 'the session on the phone is forgotten')
  await page.tap('.back-to-login')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['reLaunch /pages/login/login'])
})

test('cancel: a payment still owed is shown and no cancel button is offered', async () => {
  const device = worker({ 'GET /api/me/account/cancellation': { body: preview(['您的“昆明市困难职工帮扶”补贴已核准、尚未发放，注销将放弃这笔补贴。']) } })
  const page = await openPage(device, 'pages/privacy/cancel')
  assert.match(page.text('.blocker'), /尚未发放/)
  assert.ok(!page.exists('.confirm-cancel'))
})

test('cancel: the server refusing shows its reason next to the button', async () => {
  const device = worker({
    'GET /api/me/account/cancellation': { body: preview() },
    'POST /api/me/account/cancellation': problem(409, 'account.payment_pending', '您的补贴已核准、尚未发放，请在发放后再注销'),
  })
  const page = await openPage(device, 'pages/privacy/cancel')
  await page.trigger('.understood', 'change', { value: true })
  await page.tap('.confirm-cancel')
  assert.equal(page.text('.cancel-error'), '您的补贴已核准、尚未发放，请在发放后再注销')
  assert.ok(device.wx.getStorageSync('changai.session.worker'), 'still logged in')
})
