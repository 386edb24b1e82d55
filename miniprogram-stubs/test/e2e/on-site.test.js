/**
 * On site, end to end: the organiser (云内动力工会) opens a session that starts soon; a member finds it and enrols; at
 * the venue WeChat's own scanner reads the 小程序码 on the organiser's screen (getwxacodeunlimit through the API's
 * WeChat simulator, decoded from the image as a camera would) and opens the check-in page, which checks the member in;
 * then an officer scans the member's e-card on the card-check page. The officer's inbox, on the member's own phone, is
 * the officer's, not the member's. Each officer part uses its own demo account: an account may log in ten times a
 * minute, and the journeys approving members log km.guandu in often.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const jsQR = require('jsqr')
const { apiUrl, officerHttp } = require('./api')
const { openPage } = require('../support/harness')
const { createPhone } = require('../support/wx-shim')
const { decodePng } = require('../support/png')
const { joinedWorker } = require('./steps/membership')
const { enrolInCourse } = require('./steps/features')

test('on site: enrol, check in from the 小程序码, show the e-card, an officer verifies it', async (t) => {
  const worker = await joinedWorker(apiUrl)
  const { phone } = worker
  const organiser = await officerHttp('yunnei.gh')
  const title = '焊工安全操作培训' + Math.floor(1000 + Math.random() * 9000)
  const startsAt = new Date(Date.now() + 20 * 60 * 1000) // check-in opens 30 minutes before the start: open now
  const course = await organiser.post('/api/officer/training/courses', {
    title, category: 'skillUpgrade', occupation: '焊工', provider: '云内动力职工培训中心', description: '安全操作规程与实操。', membersOnly: true,
  })
  const session = await organiser.post('/api/officer/training/courses/' + course.id + '/sessions', {
    startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3600 * 1000).toISOString(), address: '官渡区职工服务中心二楼', capacity: 20,
  })
  await organiser.post('/api/officer/training/courses/' + course.id + '/publish')

  await t.test('the member finds the course and enrols; the reminder prompt comes with the tap itself', async () => {
    const page = await enrolInCourse(worker, { keyword: title, title })
    assert.ok(page.exists('.my-place', '报名成功'), page.screen)
    assert.ok(phone.subscribePrompts.length >= 1, 'asked at the tap')
    page.close()
  })

  await t.test('WeChat\'s scanner reads the 小程序码 on the organiser\'s screen and the page it opens checks the member in', async () => {
    const code = await organiser.bytes('/api/officer/training/sessions/' + session.id + '/check-in-wxacode')
    assert.match(code.contentType, /^image\//)
    const { width, height, data } = decodePng(code.bytes)
    const read = jsQR(data, width, height)
    assert.ok(read, 'the image is a readable code')
    assert.match(read.data, /^pages\/training\/check-in\?scene=[A-Za-z0-9_-]{32}$/)

    const page = await openPage(phone, read.data)
    assert.match(page.text('.check-in-result'), new RegExp(title + ' .*：签到成功'), page.screen)
    page.close()

    const mine = await openPage(phone, 'pages/training/enrollments')
    const card = mine.texts('.enrollment').find((text) => text.includes(title))
    assert.match(card, /已签到/)
    mine.close()
  })

  await t.test('at full brightness the e-card\'s code is scanned by an officer, who sees a valid member', async () => {
    const card = await openPage(phone, 'pages/membership/card')
    assert.deepEqual(phone.log.brightness.slice(-1), [1])
    const token = card.data.card.qrToken // what the QR code on the card says (test/unit/qr.test.js reads it from the canvas)
    card.close()
    assert.equal(phone.log.brightness.length % 2, 0, 'the brightness was given back')

    const officerPhone = createPhone({ apiUrl })
    const login = await openPage(officerPhone, 'pages/officer/login')
    await login.input('.username', 'km.wuhua')
    await login.input('.password', 'Demo@2026yn')
    await login.tap('.login')
    await login.tap('.open-verify')
    login.close()
    const verify = await openPage(officerPhone, officerPhone.log.navigations.slice(-1)[0].url)
    officerPhone.willScan(token)
    await verify.tap('.scan')
    assert.equal(verify.text('.verdict'), '有效会员', verify.screen)
    assert.equal(verify.text('.member-number'), worker.membershipNumber)
    assert.equal(verify.text('.member-name'), worker.person.realName[0] + '*'.repeat(worker.person.realName.length - 1))
    officerPhone.willScan('not-a-card')
    await verify.tap('.scan')
    assert.equal(verify.text('.verdict'), '不能通过核验')
    verify.close()
  })

  await t.test('an officer logged in on the member\'s phone sees the officer\'s inbox, not the member\'s', async () => {
    const inbox = await openPage(phone, 'pages/notifications/inbox')
    assert.ok(inbox.texts('.message-title').some((title) => /入会申请已通过/.test(title)), inbox.screen)
    inbox.close()

    const login = await openPage(phone, 'pages/officer/login')
    await login.input('.username', 'km.xjy')
    await login.input('.password', 'Demo@2026yn')
    await login.tap('.login')
    login.close()
    const officerInbox = await openPage(phone, 'pages/officer/inbox')
    assert.equal(officerInbox.exists('.load-failed'), false, officerInbox.screen)
    assert.ok(!officerInbox.texts('.message-title').some((title) => /入会申请已通过/.test(title)), 'the member\'s messages are not the officer\'s')
    const sent = phone.responses.filter((r) => r.path === '/api/notifications/inbox')
    assert.equal(sent[sent.length - 1].status, 200)
    officerInbox.close()
  })
})

test('moving the membership: a member who changed jobs asks for a transfer to the new union, sees it pending, withdraws it', async () => {
  const worker = await joinedWorker(apiUrl)
  const { phone } = worker
  const mine = await openPage(phone, 'pages/mine/mine')
  await mine.tap('.my-transfers')
  mine.close()
  const transfers = await openPage(phone, phone.log.navigations.slice(-1)[0].url)
  assert.ok(transfers.exists('.no-transfers'))
  await transfers.tap('.request-transfer')
  transfers.close()

  const request = await openPage(phone, phone.log.navigations.slice(-1)[0].url)
  assert.equal(request.text('.current-union'), '云南云内动力集团有限公司工会')
  await request.input('.keyword', '一心堂')
  await request.tap('.search')
  await request.tap('.union', '一心堂药业集团股份有限公司工会')
  await request.input('.reason', '换了工作，现在在一心堂上班')
  await request.tap('.submit')
  request.close()

  const progress = await openPage(phone, phone.log.navigations.slice(-1)[0].url)
  assert.match(progress.text('.transfer.selected'), /从“云南云内动力集团有限公司工会”转到“一心堂药业集团股份有限公司工会”/)
  assert.match(progress.text('.status'), /待/)
  phone.answerModals(true)
  await progress.tap('.withdraw')
  assert.equal(progress.exists('.withdraw'), false, progress.screen)
  assert.match(progress.text('.status'), /撤回/)
  progress.close()
})
