/**
 * Personal-information rights end to end, from the pages' own code against a freshly started API: a member reads the
 * copy of their data (full ID number), withdraws the ID-number consent (kept for the membership register, and said so),
 * cancels the account, and logging in again on the same phone (same WeChat openid) is a new user.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const { apiUrl } = require('./api')
const { openPage } = require('../support/harness')
const steps = require('./steps/membership')

test('privacy journey: data copy, consent withdrawal, cancellation, a fresh start', async (t) => {
  const worker = await steps.joinedWorker(apiUrl)
  const { phone, person } = worker

  await t.test('the copy of my data shows the full ID number and copies as text', async () => {
    const page = await openPage(phone, 'pages/privacy/data-copy')
    assert.ok(page.exists('.line', person.idNumber), 'the full ID number is in the copy')
    assert.ok(page.exists('.section-title', '会籍'))
    await page.tap('.copy-all')
    assert.match(phone.log.clipboard[0], new RegExp(person.idNumber))
    page.close()
  })

  await t.test('withdrawing the consent keeps the ID number for the register and says why', async () => {
    const page = await openPage(phone, 'pages/profile/profile')
    await page.tap('.withdraw-consent')
    assert.match(page.text('.consent-withdrawn'), /会籍登记/)
    page.close()
  })

  await t.test('cancelling explains, confirms, logs out, and the same WeChat user starts as a new one', async () => {
    const page = await openPage(phone, 'pages/privacy/cancel')
    assert.match(page.texts('.membership').join(''), /会籍.*终止/)
    await page.trigger('.understood', 'change', { value: true })
    await page.tap('.confirm-cancel')
    assert.match(page.text('.cancelled'), /账号已注销/)
    assert.equal(phone.wx.getStorageSync('changai.session.worker'), '')
    await page.tap('.back-to-login')
    page.close()

    const login = await openPage(phone, 'pages/login/login')
    await login.tap('.login-button')
    const session = phone.wx.getStorageSync('changai.session.worker')
    assert.equal(session.user.isNewUser, true, 'a new worker, not the cancelled one')
    login.close()
  })
})
