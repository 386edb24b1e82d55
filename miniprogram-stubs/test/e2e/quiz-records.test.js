/**
 * The quiz records a worker keeps: a question answered wrong in practice lands in 错题本 (and leaves when mastered), and
 * answering the daily question shows on the answer calendar with the streak.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const { apiUrl } = require('./api')
const { openPage } = require('../support/harness')
const { newWorkerPhone } = require('./steps/membership')

test('quiz records: a practice mistake in 错题本, today\'s daily question on the calendar', async (t) => {
  const { phone } = await newWorkerPhone(apiUrl)

  await t.test('a question answered wrong in practice is in the wrong book with the right answer; mastered, it leaves', async () => {
    const practice = await openPage(phone, 'pages/quiz/practice')
    let missed = ''
    for (let i = 0; i < 15 && !missed; i++) {
      await practice.tap('.option')
      await practice.tap('.answer')
      if (practice.text('.verdict').startsWith('答错了')) missed = practice.text('.stem')
      else await practice.tap('.next')
    }
    assert.ok(missed, 'one of the first questions was answered wrong')
    practice.close()

    const book = await openPage(phone, 'pages/quiz/wrong-book')
    assert.deepEqual(book.texts('.stem'), [missed])
    assert.ok(book.text('.correct-answer').length > 0)
    assert.ok(book.text('.explanation').length > 0)
    await book.tap('.mastered')
    assert.ok(book.exists('.no-wrong'), book.screen)
    book.close()
  })

  await t.test('the daily question answered today shows on this month\'s calendar, a streak of one', async () => {
    const daily = await openPage(phone, 'pages/quiz/daily')
    await daily.tap('.option')
    await daily.tap('.answer')
    const right = daily.text('.verdict') === '答对了！'
    await daily.tap('.open-calendar')
    daily.close()

    const calendar = await openPage(phone, phone.log.navigations.slice(-1)[0].url)
    assert.equal(calendar.text('.current-streak'), '1 天')
    assert.equal(calendar.text('.total-days'), '1 天')
    assert.equal(calendar.text('.month-summary'), '本月答了 1 天，答对 ' + (right ? 1 : 0) + ' 天')
    assert.equal(calendar.texts(right ? '.day-right' : '.day-wrong').length, 1)
    calendar.close()
  })
})
