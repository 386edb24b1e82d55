/**
 * Claiming a membership end to end, from the pages' own code against a freshly started API: the county union imports
 * its existing members; one of them logs in, fills in the profile, and claims from the home page — the card appears at
 * once with the original join date and card number. Another, whose WeChat phone differs from the roster's, claims from
 * the join page and waits (核对中) until the union confirms in its queue; then the card is there too.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const { apiUrl } = require('./api')
const { openPage } = require('../support/harness')
const steps = require('./steps/membership')
const people = require('../support/people')

/** An officer's bearer token, as the console's API clients get one. */
async function officerToken(username) {
  const response = await fetch(apiUrl + '/api/auth/officer-login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo@2026yn' }),
  })
  assert.equal(response.status, 200)
  return (await response.json()).accessToken
}

/** Uploads the roster as a CSV the way an officer's browser would (multipart, field `file`). */
async function importMembers(token, rows) {
  const csv = '\uFEFF' + ['姓名,身份证号,手机号,所在工会（代码）,入会日期,原会员证号', ...rows.map((r) => r.join(','))].join('\r\n')
  const form = new FormData()
  form.append('file', new Blob([csv], { type: 'text/csv' }), '存量会员.csv')
  const response = await fetch(apiUrl + '/api/officer/membership/members/import', { method: 'POST', headers: { Authorization: 'Bearer ' + token }, body: form })
  const body = await response.json()
  assert.equal(response.status, 200, JSON.stringify(body))
  return body
}

test('claim journey: imported members claim their membership', async (t) => {
  const matching = people.worker()
  const otherPhone = people.worker()
  const roster = await importMembers(await officerToken('km.guandu'), [
    [matching.realName, matching.idNumber, matching.phoneNumber, '530111001', '2020-06-01', 'YN-2020-000101'],
    [otherPhone.realName, otherPhone.idNumber, '13800' + matching.phoneNumber.slice(5), '530111001', '2021-03-15', 'YN-2021-000202'],
  ])
  assert.equal(roster.created, 2)

  await t.test('the same ID number and phone: claimed from the home page, the card at once', async () => {
    const worker = await steps.newWorkerPhone(apiUrl, matching)
    await steps.completeProfile(worker)
    const { phone } = worker
    const home = await openPage(phone, 'pages/index/index')
    await home.tap('.claim-membership')
    home.close()
    const claim = await steps.follow(phone)
    assert.equal(claim.route, 'pages/membership/claim')
    await claim.tap('.submit-claim')
    assert.equal(claim.text('.claim-status'), '已认领')
    assert.equal(claim.text('.claim-joined'), '2020年6月1日')
    assert.equal(claim.text('.claim-external'), 'YN-2020-000101')
    const number = claim.text('.claim-number')
    assert.match(number, /^5301-20200601-530111001-\d{5}$/)
    await claim.tap('.open-card')
    claim.close()

    const card = await steps.follow(phone)
    assert.equal(card.text('.card-number'), number)
    assert.equal(card.text('.card-joined'), '2020年6月1日')
    assert.equal(card.text('.card-name'), matching.realName)
    card.close()
  })

  await t.test('another phone: claimed from the join page, 核对中 until the union confirms', async () => {
    const worker = await steps.newWorkerPhone(apiUrl, otherPhone)
    await steps.completeProfile(worker)
    const { phone } = worker
    const apply = await openPage(phone, 'pages/membership/apply')
    await apply.tap('.go-claim')
    apply.close()
    const claim = await steps.follow(phone)
    await claim.tap('.submit-claim')
    assert.equal(claim.text('.claim-status'), '核对中')
    assert.match(claim.text('.claim-message'), /个工作日内/)
    assert.equal(claim.exists('.claim-number'), false)

    const token = await officerToken('yunnei.gh')
    const headers = { Authorization: 'Bearer ' + token }
    const queue = await (await fetch(apiUrl + '/api/officer/membership/claims', { headers })).json()
    const waiting = queue.items.find((i) => i.claimantName === otherPhone.realName)
    assert.ok(waiting, 'the union sees the claim')
    const approved = await fetch(apiUrl + `/api/officer/membership/claims/${waiting.id}/approve`, { method: 'POST', headers })
    assert.equal(approved.status, 200)

    await claim.call('onShow')
    assert.equal(claim.text('.claim-status'), '已认领')
    assert.equal(claim.text('.claim-joined'), '2021年3月15日')
    claim.close()
    const inbox = await openPage(phone, 'pages/notifications/inbox')
    assert.ok(inbox.texts('.message-title').includes('会籍认领成功'))
    inbox.close()
  })
})
