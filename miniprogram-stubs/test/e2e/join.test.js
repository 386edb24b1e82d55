/**
 * The join journey end to end, from the pages' own code against a freshly started API: a worker logs in with WeChat,
 * fills in the profile, binds the phone, applies (the first answer is lost on the way back and the retry creates
 * nothing twice), subscribes to the result; an officer approves from the review pages; the worker sees the approval
 * in the inbox, on the status page, on the e-card and as a WeChat message.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const jsQR = require('jsqr')
const { apiUrl, eventually } = require('./api')
const { openPage } = require('../support/harness')
const { createCanvas } = require('../support/canvas')
const steps = require('./steps/membership')
const membershipApi = require('../../api/membership')

const YUNNEI = { keyword: '云内动力', channelLabel: '我的单位有工会', unionName: '云南云内动力集团有限公司工会' }

test('join journey: apply, approve, inbox, e-card', async (t) => {
  const worker = await steps.newWorkerPhone(apiUrl)
  const { phone, person } = worker
  let applicationId
  let membershipNumber

  await t.test('the worker fills in the profile and binds the phone WeChat verified', async () => {
    await steps.completeProfile(worker)
  })

  await t.test('applying when the first answer is lost creates one application, and the reminder is subscribed', async () => {
    phone.loseAnswers('POST', '/api/membership/applications')
    const applied = await steps.applyToUnion(worker, YUNNEI)
    applicationId = applied.applicationId

    const submits = phone.responses.filter((r) => r.method === 'POST' && r.path === '/api/membership/applications')
    assert.deepEqual(submits.map((r) => [r.status, r.lost, r.header['idempotent-replayed'] || '']), [[201, true, ''], [201, false, 'true']])
    assert.equal(submits[0].body.id, submits[1].body.id, 'the retry got the first result back')

    global.wx = phone.wx
    const mine = await membershipApi.mine()
    assert.equal(mine.length, 1, 'exactly one application exists')
    assert.equal(mine[0].id, applicationId)

    const report = phone.responses.find((r) => r.path === '/api/notifications/subscriptions')
    assert.deepEqual(report.body, { credits: { 'sim-tmpl-review-result': 1 } })
    assert.equal(applied.status.text('.status'), '待审核')
    applied.status.close()
  })

  await t.test('a second application is refused with the Chinese reason, on the page and in a toast', async () => {
    const apply = await openPage(phone, 'pages/membership/apply')
    await apply.tap('.channel', YUNNEI.channelLabel)
    await apply.tap('.union', YUNNEI.unionName)
    await apply.tap('.submit')
    const reason = '您已有一份正在办理的入会申请，请等待审核结果或撤回后再申请'
    assert.equal(apply.text('.apply-error'), reason)
    assert.equal(phone.log.toasts[phone.log.toasts.length - 1], reason)
  })

  await t.test('an officer approves it from the review queue', async () => {
    membershipNumber = await steps.officerApproves(apiUrl, { username: 'km.guandu', password: 'Demo@2026yn', applicantName: person.realName, applicationId })
    assert.match(membershipNumber, /530111001/, 'numbered within the enterprise union')
  })

  await t.test('the worker finds the approval in the inbox, and it opens the application', async () => {
    const inbox = await openPage(phone, 'pages/notifications/inbox')
    assert.deepEqual(inbox.texts('.message-title'), ['入会申请已通过', '入会申请已提交'])
    assert.equal(inbox.text('.unread-summary'), '2 条未读')
    await inbox.tap('.message', '入会申请已通过')
    assert.equal(inbox.text('.unread-summary'), '1 条未读')
    const status = await steps.follow(phone)
    assert.equal(status.route, 'pages/membership/status')
    assert.equal(status.text('.status'), '已通过')
    assert.equal(status.text('.membership-number'), membershipNumber)
    status.close()

    await inbox.tap('.read-all')
    assert.equal(inbox.text('.unread-summary'), '没有未读消息')
    const again = await openPage(phone, 'pages/notifications/inbox')
    assert.equal(again.text('.unread-summary'), '没有未读消息', 'read state is kept by the server')
  })

  await t.test('the e-card shows the member, and its QR scans to a token the API accepts', async () => {
    const card = await openPage(phone, 'pages/membership/card')
    assert.equal(card.text('.card-number'), membershipNumber)
    assert.equal(card.text('.card-name'), person.realName)
    const canvas = createCanvas()
    card.instance.paint(canvas, 600)
    const scanned = jsQR(canvas.pixels, 600, 600)
    assert.ok(scanned, 'the QR does not scan')
    card.close()

    global.wx = phone.wx
    const verified = await membershipApi.verifyCard(scanned.data)
    assert.equal(verified.valid, true)
    assert.equal(verified.membershipNumber, membershipNumber)
  })

  await t.test('the approval also reaches WeChat as a subscribe message that opens the status page', async () => {
    const messages = await eventually(async () => {
      const all = await phone.messages()
      return all.length ? all : null
    }, { what: 'a WeChat message for the worker' })
    assert.deepEqual(messages.map((m) => [m.templateId, m.page]), [['sim-tmpl-review-result', 'pages/membership/status?id=' + applicationId]])
  })

  await t.test('an expired access token is refreshed on the way and the page still loads', async () => {
    const stored = phone.wx.getStorageSync('changai.session.worker')
    phone.wx.setStorageSync('changai.session.worker', Object.assign({}, stored, { accessToken: 'expired' }))
    const status = await openPage(phone, 'pages/membership/status')
    assert.equal(status.text('.status'), '已通过')
    const renewed = phone.wx.getStorageSync('changai.session.worker')
    assert.notEqual(renewed.accessToken, 'expired')
    assert.notEqual(renewed.refreshToken, stored.refreshToken, 'the refresh token was rotated')
    assert.deepEqual(phone.log.navigations.filter((n) => n.kind === 'reLaunch'), [], 'not sent back to login')
  })
})
