/**
 * The join journey as a person does it, through the pages' own code: each step opens the pages, taps and types, and
 * checks what the page shows. Later journeys (training, quiz, subsidies) start from `joinedWorker`.
 */

const assert = require('node:assert/strict')
const { openPage } = require('../../support/harness')
const { createPhone } = require('../../support/wx-shim')
const people = require('../../support/people')

/** The page the phone was last sent to, opened as WeChat would. */
async function follow(phone) {
  const last = phone.log.navigations[phone.log.navigations.length - 1]
  assert.ok(last && last.url, 'the page did not navigate anywhere')
  return openPage(phone, last.url)
}

/**
 * A new phone whose owner logs in on the login page.
 * @param {string} apiUrl
 * @param {ReturnType<typeof people.worker>} [person]
 */
async function newWorkerPhone(apiUrl, person = people.worker()) {
  const phone = createPhone({ apiUrl, phoneNumber: person.phoneNumber })
  const login = await openPage(phone, 'pages/login/login')
  await login.trigger('.agree-terms', 'change', { value: ['agree'] })
  await login.tap('.login-button')
  assert.equal(phone.wx.getStorageSync('changai.session.worker').user.isNewUser, true)
  assert.deepEqual(phone.log.navigations.map((n) => n.url), ['/pages/index/index'])
  return { phone, person }
}

/** Consent, name and ID number, work details, and the phone number WeChat verified. */
async function completeProfile({ phone, person }) {
  const page = await openPage(phone, 'pages/profile/profile')
  await page.tap('.grant-consent')
  assert.ok(page.exists('.consent-given'), 'consent not recorded')
  await page.input('.real-name', person.realName)
  await page.input('.id-number', person.idNumber)
  await page.input('.employer', person.employer)
  await page.input('.occupation', person.occupation)
  await page.trigger('.county', 'change', { value: [0, 2] }) // 昆明市 官渡区, where 云内动力 is
  assert.equal(page.text('.county-value'), '昆明市 官渡区')
  await page.trigger('.industry', 'change', { value: 2 }) // C 制造业
  await page.trigger('.employment-form', 'change', { value: 0 }) // 签了劳动合同
  await page.tap('.save')
  assert.ok(page.exists('.saved'), 'profile not saved: ' + page.screen)
  assert.equal(page.attr('.id-number', 'placeholder').includes(person.idNumber.slice(0, 1) + '*'.repeat(16) + person.idNumber.slice(17)), true)

  await page.trigger('.bind-phone', 'getphonenumber', await phone.phoneNumberTap())
  assert.equal(page.text('.phone-masked'), person.phoneNumber.slice(0, 3) + '****' + person.phoneNumber.slice(7))
  page.close()
}

/**
 * Finds the union by keyword and applies; the status page is left open.
 * @returns {Promise<{ applicationId: string, status: import('../../support/harness').PageDriver, apply: import('../../support/harness').PageDriver }>}
 */
async function applyToUnion({ phone }, { keyword, channelLabel, unionName, subscribe = true }) {
  const apply = await openPage(phone, 'pages/membership/apply')
  await apply.tap('.channel', channelLabel)
  await apply.input('.keyword', keyword)
  await apply.tap('.search')
  await apply.tap('.union', unionName)
  await apply.tap('.submit')
  assert.ok(apply.exists('.submitted'), 'not submitted: ' + apply.screen)
  const applicationId = apply.data.submitted.id
  if (subscribe) {
    await apply.tap('.subscribe')
    assert.match(apply.text('.subscribed'), /微信会通知您/)
  }
  await apply.tap('.view-status')
  const status = await follow(phone)
  return { applicationId, status, apply }
}

/**
 * Opens one row of an officer's queue by its id, loading more of the queue until it is there. Names are not enough:
 * the demo data's sample workers share names with the made-up people of these journeys.
 * @param {import('../../support/harness').PageDriver} queue
 * @param {string} id
 */
async function openQueueRow(queue, id) {
  for (let i = 0; i < 30 && !queue.data.items.some((/** @type {any} */ item) => item.id === id); i++) {
    if (queue.data.moreState === 'end') break
    await queue.call('onReachBottom')
  }
  const index = queue.data.items.findIndex((/** @type {any} */ item) => item.id === id)
  assert.ok(index >= 0, 'not in the officer\'s queue: ' + id)
  await queue.tapAt('.application', index)
}

/**
 * An officer logs in on the officer pages, binds this WeChat, and approves the applicant from the review queue.
 * @returns {Promise<string>} the membership number issued
 */
async function officerApproves(apiUrl, { username, password, applicantName, applicationId }) {
  const phone = createPhone({ apiUrl })
  const login = await openPage(phone, 'pages/officer/login')
  await login.input('.username', username)
  await login.input('.password', password)
  await login.tap('.login')
  assert.ok(login.exists('.open-queue'), 'officer cannot review: ' + login.screen)
  await login.tap('.bind-wechat')
  assert.ok(login.exists('.bound'))
  await login.tap('.subscribe')
  assert.match(login.text('.subscribed'), /微信会提醒您/)
  const report = phone.responses.find((r) => r.path === '/api/notifications/subscriptions')
  assert.ok(report.body.credits['sim-tmpl-notice'] >= 1, 'the officer holds a reminder credit')
  await login.tap('.open-queue')
  const queue = await follow(phone)
  await openQueueRow(queue, applicationId)
  const review = await follow(phone)
  assert.equal(review.text('.applicant'), applicantName)
  await review.tap('.approve')
  const decision = review.text('.decision-text')
  const number = (decision.match(/会员号 (\S+)/) || [])[1]
  assert.ok(number, 'no membership number in: ' + decision)
  return number
}

/** A worker who has joined a union, for journeys that need a member (training, quiz, subsidies). */
async function joinedWorker(apiUrl) {
  const worker = await newWorkerPhone(apiUrl)
  await completeProfile(worker)
  const { applicationId, status } = await applyToUnion(worker, {
    keyword: '云内动力', channelLabel: '我的单位有工会', unionName: '云南云内动力集团有限公司工会', subscribe: false,
  })
  status.close()
  const membershipNumber = await officerApproves(apiUrl, { username: 'km.guandu', password: 'Demo@2026yn', applicantName: worker.person.realName, applicationId })
  return Object.assign(worker, { applicationId, membershipNumber })
}

module.exports = { follow, newWorkerPhone, completeProfile, applyToUnion, officerApproves, openQueueRow, joinedWorker }
