/** The quiz campaign journey: a member opens the demo campaign, starts a timed attempt, answers, hands in, sees the result and the leaderboard. */

const test = require('node:test')
const assert = require('node:assert/strict')
const { apiUrl } = require('./api')
const { openPage } = require('../support/harness')
const { joinedWorker, follow } = require('./steps/membership')

const CAMPAIGN = '【演示】产改知识 50 问有奖竞答'

test('quiz campaign journey: start, answer, submit, leaderboard', async () => {
  const { phone } = await joinedWorker(apiUrl)

  const list = await openPage(phone, 'pages/quiz/campaigns')
  await list.tap('.campaign', CAMPAIGN)
  const page = await follow(phone)
  list.close()
  assert.equal(page.text('.campaign-title'), CAMPAIGN)
  assert.ok(page.exists('.leaderboard'))

  await page.tap('.start')
  assert.equal(page.data.stage, 'answering', page.screen)
  assert.match(page.text('.countdown'), /^\d+:\d\d$/)
  const count = page.data.questions.length
  assert.equal(page.text('.progress'), '第 1 / ' + count + ' 题')
  for (let i = 0; i < count; i++) {
    await page.tap('.option')
    if (i < count - 1) await page.tap('.next')
  }
  await page.tap('.submit')

  const handIn = phone.responses.find((r) => r.method === 'POST' && r.path.endsWith('/submit'))
  assert.equal(handIn.status, 200)
  assert.equal(page.data.stage, 'result')
  const result = handIn.body.result
  assert.equal(page.text('.score'), result.score + ' 分')
  assert.equal(page.texts('.answered').length, count, 'every question comes back with its answer and explanation')
  assert.ok(page.texts('.explanation').every((e) => e.length > 0))

  await page.tap('.back-to-campaign')
  assert.ok(page.exists('.leaderboard'))
  if (result.ranked) {
    assert.match(page.text('.my-rank'), new RegExp(result.score + ' 分'))
  } else {
    // Answered faster than a person could read: recorded, but kept off the leaderboard, and the page says why.
    assert.equal(page.exists('.my-rank'), false)
    assert.ok(result.note)
  }
  page.close()
})
