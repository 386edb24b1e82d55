/**
 * Two of WeChat's rules, as the test `wx` plays them (test/support/wx-base.js) and as every page keeps them:
 * - wx.requestSubscribeMessage only in the synchronous part of a tap handler (never after a network round trip);
 * - privacy interfaces (getPhoneNumber, chooseMedia, chooseMessageFile, scanCode, setClipboardData) only on a page with
 *   the privacy pop-up, which asks the person when WeChat holds the call (wx.onNeedPrivacyAuthorization).
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { openPage, settle, ROOT } = require('../support/harness')
const { createFakeWx } = require('../support/fake-wx')
const { duringTap } = require('../support/gesture')
const f = require('../support/fixtures')
const config = require('../../utils/config')
const { askToSubscribe } = require('../../utils/subscribe')

config.retryDelayMs = 1

const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8')

/** A logged-in worker's phone answering from `routes`. */
function worker(routes, options = {}) {
  const device = createFakeWx(Object.assign({ routes }, options))
  device.loggedIn('worker', { id: 'w1' })
  return device
}

const SUBSCRIBED = { 'POST /api/notifications/subscriptions': { body: { credits: {} } } }

test('the shim refuses a subscribe prompt outside a tap, as WeChat does: from a timer, after an await, or from a lifecycle', async () => {
  const device = worker(SUBSCRIBED)
  global.wx = device.wx

  // No tap at all: refused with WeChat's error; the helper answers "nothing subscribed" and tells the API nothing.
  assert.deepEqual(await askToSubscribe([config.templates.reviewResult]), {})
  assert.equal(device.takeRefusedPrompts().length, 1)

  // Inside a tap handler, but after an await (a network round trip): the synchronous part is over, refused too.
  const late = await duringTap(async () => {
    await Promise.resolve()
    return askToSubscribe([config.templates.reviewResult])
  })
  assert.deepEqual(late, {})
  assert.equal(device.takeRefusedPrompts().length, 1)

  // The same call first thing in the tap: WeChat shows the prompt.
  assert.deepEqual(await duringTap(() => askToSubscribe([config.templates.reviewResult])), { [config.templates.reviewResult]: 'accept' })
  assert.deepEqual(device.subscribePrompts, [[config.templates.reviewResult]])
  assert.equal(device.calls('POST /api/notifications/subscriptions').length, 1)
  assert.deepEqual(device.takeRefusedPrompts(), [])
})

test('a page that prompts outside a tap fails its test: the harness treats a refused prompt as a broken rule', async () => {
  const device = worker(SUBSCRIBED)
  const page = await openPage(device, 'pages/membership/apply')
  page.instance.setData({ submitted: f.application() })
  // Called the way a lifecycle or a network callback would call it, not from the person's tap.
  await assert.rejects(page.call('onSubscribe'), /requestSubscribeMessage called outside a tap handler's synchronous part/)
  assert.deepEqual(device.subscribePrompts, [])
  assert.equal(device.takeRefusedPrompts().length, 1)
  assert.match(page.text('.subscribed'), /没有开启微信通知/, 'WeChat refused, so nothing was subscribed')
  // From the button, the same handler is in time.
  page.instance.setData({ subscribed: '' })
  await page.tap('.subscribe')
  assert.deepEqual(device.subscribePrompts, [[config.templates.reviewResult]])
})

/** Every page that asks for subscriptions, and how a person gets it to ask. */
const PROMPTING_PAGES = {
  'pages/membership/apply': async () => {
    const device = worker(SUBSCRIBED)
    const page = await openPage(device, 'pages/membership/apply')
    page.instance.setData({ submitted: f.application() })
    await page.tap('.subscribe')
    return { device, expected: [[config.templates.reviewResult]] }
  },
  'pages/training/course': async () => {
    const SESSION = '0193a000-0000-7000-8000-000000000001'
    const course = {
      id: 'c-1', title: '电工（四级）技能提升培训', categoryText: '技能提升', provider: '昆明技师学院', organizer: { id: 'u-gd', name: '官渡区总工会' },
      description: '', eligible: true, ineligibleReasons: [],
      sessions: [{ id: SESSION, title: '第一期', startsAt: '2026-11-25T01:00:00Z', endsAt: '2026-11-25T09:00:00Z', address: '官渡区职工服务中心', capacity: 30,
        seatsLeft: 30, waitlisted: 0, enrollmentClosesAt: '2026-11-24T00:00:00Z', enrollmentOpen: true, myEnrollment: null }],
    }
    const device = worker(Object.assign({
      'GET /api/training/courses/c-1': { body: course },
      ['POST /api/training/sessions/' + SESSION + '/enrollments']: { status: 201, body: { id: 'e-1', status: 'confirmed', statusText: '报名成功', waitlistPosition: null } },
    }, SUBSCRIBED))
    const page = await openPage(device, 'pages/training/course?id=c-1')
    await page.tap('.enroll')
    return { device, expected: [[config.templates.reviewResult, config.templates.notice]] }
  },
  'pages/subsidies/detail': async () => {
    const application = {
      id: 's-1', program: { id: 'p-1', name: '昆明市困难职工帮扶', kind: 'hardshipAid' }, status: 'draft', statusText: '草稿', attachments: [],
      missingDocuments: [], canEdit: true, canWithdraw: false, timeline: [], submittedAt: null, currentStepDueAt: null, correctionDueAt: null,
    }
    const device = worker(Object.assign({
      'GET /api/subsidies/applications/s-1': { body: application },
      'GET /api/subsidies/programs': { body: [{ id: 'p-1', rules: { documents: [] } }] },
      'POST /api/subsidies/applications/s-1/submit': { body: application },
    }, SUBSCRIBED))
    const page = await openPage(device, 'pages/subsidies/detail?id=s-1')
    await page.tap('.submit')
    return { device, expected: [[config.templates.reviewResult]] }
  },
  'pages/officer/login': async () => {
    const device = createFakeWx({ routes: SUBSCRIBED })
    device.loggedIn('officer', f.officer())
    const page = await openPage(device, 'pages/officer/login')
    page.instance.setData({ bound: true })
    await page.tap('.subscribe')
    return { device, expected: [[config.templates.notice]] }
  },
}

test('no page asks for subscriptions outside a tap: every page that asks is driven here, and each prompt is shown, none refused', async () => {
  const asking = app.pages.filter((page) => /askToSubscribe\(|requestSubscribeMessage/.test(read(page + '.js')))
  assert.deepEqual(asking.sort(), Object.keys(PROMPTING_PAGES).sort(), 'a page that asks for subscriptions must be added to PROMPTING_PAGES')
  for (const [page, drive] of Object.entries(PROMPTING_PAGES)) {
    const { device, expected } = await drive()
    assert.deepEqual(device.subscribePrompts, expected, page)
    assert.deepEqual(device.takeRefusedPrompts(), [], page)
  }
})

test('privacy: a privacy interface used on a page without the pop-up is a broken rule, agreed before or not', async () => {
  const device = worker({})
  global.wx = device.wx
  device.willScan('whatever')
  await new Promise((resolve) => device.wx.scanCode({ success: resolve, fail: resolve }))
  await assert.rejects(settle(device), /privacy interface used on a page without the privacy pop-up: scanCode/)
})

/** Pages whose code (or the utils they use) calls a privacy interface, or that have a getPhoneNumber button. */
function pagesUsingPrivacyInterfaces() {
  const requires = (file, seen = new Set()) => {
    if (seen.has(file)) return seen
    seen.add(file)
    for (const match of read(file).matchAll(/require\('(\.[^']+)'\)/g)) {
      const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), match[1])) + '.js'
      if (fs.existsSync(path.join(ROOT, target))) requires(target, seen)
    }
    return seen
  }
  return app.pages.filter((page) => {
    const code = [...requires(page + '.js')].map(read).join('\n')
    return /wx\.(scanCode|chooseMedia|chooseMessageFile|setClipboardData)\(/.test(code) || /open-type="getPhoneNumber"/.test(read(page + '.wxml'))
  })
}

test('privacy: every page that uses getPhoneNumber, chooseMedia, chooseMessageFile, scanCode or setClipboardData has the pop-up', () => {
  const pages = pagesUsingPrivacyInterfaces()
  for (const expected of ['pages/profile/profile', 'pages/subsidies/detail', 'pages/training/enrollments', 'pages/training/check-in',
    'pages/officer/verify-card', 'pages/privacy/data-copy']) {
    assert.ok(pages.includes(expected), expected + ' uses a privacy interface')
  }
  for (const page of pages) {
    assert.equal(JSON.parse(read(page + '.json')).usingComponents['privacy-popup'], '/components/privacy-popup/privacy-popup', page)
    assert.match(read(page + '.wxml'), /<privacy-popup\b/, page)
  }
  assert.equal(app.__usePrivacyCheck__, true, 'app.json turns the privacy check on')
})

test('privacy: the getPhoneNumber button waits for the pop-up; agreeing there lets WeChat hand over the number', async () => {
  const device = worker({
    'GET /api/me/profile': { body: f.profile() },
    'GET /api/me/consents/sensitive-personal-information': { body: f.consent(false) },
    'GET /api/regions/counties': { body: f.counties() },
    'POST /api/me/phone': { body: { phoneMasked: '139****0000' } },
  }, { privacy: 'unset' })
  const page = await openPage(device, 'pages/profile/profile')
  const popup = page.inside('.privacy')
  assert.equal(popup.exists('.privacy-agree'), false, 'nothing is asked before a privacy interface is used')

  await page.trigger('.bind-phone', 'getphonenumber', { code: 'phone-code-1', errMsg: 'getPhoneNumber:ok' })
  assert.match(popup.text('.privacy-text'), /获取您微信绑定的手机号/)
  assert.match(popup.text('.privacy-text'), /《云南产业工人服务小程序隐私保护指引》/)
  assert.equal(device.log.privacyExposures, 1, 'the pop-up being shown is reported to WeChat')
  assert.equal(device.calls('POST /api/me/phone').length, 0, 'the number waits for the answer')

  await popup.tap('.privacy-contract')
  assert.equal(device.log.privacyContracts, 1, 'the guide opens with wx.openPrivacyContract')

  await popup.trigger('.privacy-agree', 'agreeprivacyauthorization', {})
  assert.deepEqual(device.calls('POST /api/me/phone')[0].body, { code: 'phone-code-1' })
  assert.equal(page.text('.phone-masked'), '139****0000')
  assert.equal(popup.exists('.privacy-agree'), false)
  assert.equal(device.privacy.agreed, true)
})

test('privacy: disagreeing fails only that call (nothing is uploaded), and the next use asks again', async () => {
  const application = {
    id: 's-1', program: { id: 'p-1', name: '昆明市困难职工帮扶', kind: 'hardshipAid' }, status: 'draft', statusText: '草稿', attachments: [],
    missingDocuments: ['困难情况证明'], canEdit: true, canWithdraw: false, timeline: [], submittedAt: null, currentStepDueAt: null, correctionDueAt: null,
  }
  const device = worker({
    'GET /api/subsidies/applications/s-1': { body: application },
    'GET /api/subsidies/programs': { body: [{ id: 'p-1', rules: { documents: [{ code: 'proof', name: '困难情况证明' }] } }] },
  }, { privacy: 'unset' })
  const page = await openPage(device, 'pages/subsidies/detail?id=s-1')
  const popup = page.inside('.privacy')
  device.willPick(['wxfile://tmp/proof.jpg'])
  await page.tap('.attach')
  assert.match(popup.text('.privacy-text'), /使用相机拍照或从相册选择照片/)
  await popup.tap('.privacy-disagree')
  assert.equal(device.log.picks, 0, 'the camera never opened')
  assert.equal(device.calls('UPLOAD /api/subsidies/applications/s-1/attachments').length, 0)
  assert.equal(page.exists('.submit-error'), false, 'saying no is not an error')

  await page.tap('.attach-pdf')
  assert.match(popup.text('.privacy-text'), /从微信聊天中选择文件/)
  await popup.tap('.privacy-disagree')
  assert.equal(device.privacy.agreed, false)
})
