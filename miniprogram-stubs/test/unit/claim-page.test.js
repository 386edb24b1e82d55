const test = require('node:test')
const assert = require('node:assert/strict')
const { openPage } = require('../support/harness')
const { createFakeWx, problem } = require('../support/fake-wx')
const f = require('../support/fixtures')
const config = require('../../utils/config')

config.retryDelayMs = 1

/** A logged-in worker's phone answering from `routes`. */
function worker(routes) {
  const device = createFakeWx({ routes })
  device.loggedIn('worker', { id: 'w1' })
  return device
}

/** A claim as GET /api/membership/claims/mine and POST /api/membership/claims answer it. */
const claim = (over = {}) => Object.assign({
  id: 'claim-1', status: 'pending', statusText: '核对中',
  message: '已提交核对，所属工会将在 5 个工作日内（12月14日前）核对。核对结果会通知您，也可在此查看进度。',
  submittedAt: '2026-12-07T02:00:00Z', dueOn: '2026-12-14', resolvedAt: null, membership: null,
}, over)

const linked = claim({
  status: 'linked', statusText: '已认领', message: '认领成功：您是“云南云内动力集团有限公司工会”会员，会员号 5301-20110618-530111001-00003。',
  resolvedAt: '2026-12-07T02:00:00Z',
  membership: { membershipNumber: '5301-20110618-530111001-00003', externalNumber: 'YN-2011-000456', unionName: '云南云内动力集团有限公司工会', joinedOn: '2011-06-18' },
})

test('claim: an incomplete profile says what is missing and leads to it; nothing is sent', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.profile({ realName: '张建国' }) },
    'GET /api/membership/claims/mine': { body: [] },
  })
  const page = await openPage(device, 'pages/membership/claim')
  assert.equal(page.text('.claim-missing'), '请先在“我的资料”中完善：身份证号、手机号')
  assert.equal(page.attr('.submit-claim', 'disabled'), true)
  await page.tap('.submit-claim')
  assert.deepEqual(device.calls('POST /api/membership/claims'), [])
  await page.tap('.go-profile')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/profile/profile'])
})

test('claim: a match links at once and shows the membership with its original join date and card number', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/membership/claims/mine': { body: [] },
    'POST /api/membership/claims': { status: 201, body: linked },
  })
  const page = await openPage(device, 'pages/membership/claim')
  assert.equal(page.text('.claim-name'), '张建国')
  await page.tap('.submit-claim')
  const [sent] = device.calls('POST /api/membership/claims')
  assert.ok(sent.headers['Idempotency-Key'], 'the submit carries an Idempotency-Key')
  assert.equal(page.text('.claim-status'), '已认领')
  assert.equal(page.text('.claim-number'), '5301-20110618-530111001-00003')
  assert.equal(page.text('.claim-external'), 'YN-2011-000456')
  assert.equal(page.text('.claim-joined'), '2011年6月18日')
  assert.equal(page.exists('.claim-form'), false, 'nothing left to claim')
  assert.deepEqual(device.log.toasts, ['认领成功'])
  await page.tap('.open-card')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/membership/card'])
})

test('claim: otherwise it shows 核对中 with the due date, and the form is gone', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/membership/claims/mine': [{ body: [] }, { body: [claim()] }],
    'POST /api/membership/claims': { status: 201, body: claim() },
  })
  const page = await openPage(device, 'pages/membership/claim')
  await page.tap('.submit-claim')
  assert.equal(page.text('.claim-status'), '核对中')
  assert.equal(page.text('.claim-due'), '2026年12月14日前')
  assert.match(page.text('.claim-message'), /5 个工作日内/)
  assert.equal(page.exists('.claim-form'), false)
  assert.equal(page.exists('.claim-number'), false)

  await page.call('onShow')
  assert.equal(page.text('.claim-status'), '核对中', 'reopening shows the same progress')
})

test('claim: 未通过 shows the reason and lets the worker claim again or apply', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/membership/claims/mine': { body: [claim({ status: 'unverified', statusText: '未通过', message: '所属工会未能核实您的会籍信息。', resolvedAt: '2026-12-15T16:00:00Z' })] },
    'POST /api/membership/claims': problem(409, 'membership.application_open', '您有一份正在办理的入会申请：请等待审核结果，或撤回申请后再认领会籍'),
  })
  const page = await openPage(device, 'pages/membership/claim?id=claim-1')
  assert.equal(page.text('.claim-status'), '未通过')
  assert.equal(page.text('.claim-message'), '所属工会未能核实您的会籍信息。')
  await page.tap('.submit-claim')
  assert.equal(page.text('.claim-error'), '您有一份正在办理的入会申请：请等待审核结果，或撤回申请后再认领会籍')
  await page.tap('.go-apply')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/membership/apply'])
})

test('claim: the home page and the join page lead to it', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/membership/applications/mine': { body: [] },
    'GET /api/notifications/unread-count': { body: { unreadCount: 0 } },
    'GET /api/membership/claims/mine': { body: [] },
  })
  const home = await openPage(device, 'pages/index/index')
  await home.tap('.claim-membership')
  const apply = await openPage(device, 'pages/membership/apply')
  await apply.tap('.go-claim')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/membership/claim', '/pages/membership/claim'])
})

test('claim: a member by claim gets the e-card on the home page', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.fullProfile() },
    'GET /api/membership/applications/mine': { body: [] },
    'GET /api/notifications/unread-count': { body: { unreadCount: 0 } },
    'GET /api/membership/claims/mine': { body: [linked] },
  })
  const home = await openPage(device, 'pages/index/index')
  assert.ok(home.exists('.open-card'))
  assert.equal(home.exists('.claim-membership'), false)
})
