/**
 * The quiz beyond phase 2: 错题本, the answer calendar and streaks, and a timed attempt whose answers survive leaving
 * the page and a failed hand-in, with the countdown following the server.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const { openPage } = require('../support/harness')
const { createFakeWx, problem } = require('../support/fake-wx')
const config = require('../../utils/config')

config.retryDelayMs = 1

function worker(routes, options = {}) {
  const device = createFakeWx(Object.assign({ routes }, options))
  device.loggedIn('worker', { id: 'w1' })
  return device
}

const q1 = { questionId: 'q-1', position: 1, kind: 'single', kindText: '单选题', stem: '劳动合同期限一年的，试用期最长不得超过？', options: [{ id: 'A', text: '一个月' }, { id: 'B', text: '两个月' }] }
const q2 = { questionId: 'q-2', position: 2, kind: 'multiple', kindText: '多选题', stem: '哪些属于劳动防护用品？', options: [{ id: 'A', text: '安全帽' }, { id: 'B', text: '手套' }, { id: 'C', text: '手机' }] }
const wrong = (question, over = {}) => Object.assign({
  question, chapter: '劳动合同', lastChosen: ['B'], correctOptionIds: ['A'], explanation: '劳动合同法第十九条。', wrongCount: 2, lastAnsweredAt: '2026-12-01T02:00:00Z',
}, over)

test('错题本: each question with my answer, the right one and why; one I have mastered comes out of the book', async () => {
  const device = worker({
    'GET /api/quiz/practice/wrong-book': { body: { items: [wrong(q1), wrong(q2, { lastChosen: ['A', 'C'], correctOptionIds: ['A', 'B'], wrongCount: 1 })], page: 1, pageSize: 20, total: 2 } },
    'DELETE /api/quiz/practice/wrong-book/q-1': { status: 204 },
  })
  const page = await openPage(device, 'pages/quiz/wrong-book')
  assert.equal(page.text('.wrong-total'), '错题本里有 2 道题')
  assert.deepEqual(page.texts('.stem'), [q1.stem, q2.stem])
  assert.deepEqual(page.texts('.my-answer'), ['B', 'A、C'])
  assert.deepEqual(page.texts('.correct-answer'), ['A', 'A、B'])
  assert.ok(page.exists('.option-wrong', '两个月'))
  assert.ok(page.exists('.option-right', '一个月'))
  await page.tap('.mastered')
  assert.equal(device.calls('DELETE /api/quiz/practice/wrong-book/q-1').length, 1)
  assert.deepEqual(page.texts('.stem'), [q2.stem])
  assert.equal(page.text('.wrong-total'), '错题本里有 1 道题')
})

test('错题本: empty, it says how questions get there and leads to practice', async () => {
  const device = worker({ 'GET /api/quiz/practice/wrong-book': { body: { items: [], page: 1, pageSize: 20, total: 0 } } })
  const page = await openPage(device, 'pages/quiz/wrong-book')
  assert.match(page.text('.no-wrong'), /练习时答错的题会放在这里/)
  await page.tap('.practice')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/quiz/practice'])
})

test('答题日历: this month\'s days answered (right or wrong), the streaks and the total; earlier months one tap away, not later ones', async () => {
  const thisMonth = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7)
  const [y, m] = thisMonth.split('-').map(Number)
  const earlier = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7)
  const device = worker({
    'GET /api/quiz/daily/calendar': (req) => ({ body: req.query.month === thisMonth
      ? { month: thisMonth, days: [{ date: thisMonth + '-01', isCorrect: true }, { date: thisMonth + '-02', isCorrect: false }], totalDays: 9, streak: { current: 2, longest: 5 } }
      : { month: req.query.month, days: [{ date: req.query.month + '-15', isCorrect: true }], totalDays: 9, streak: { current: 2, longest: 5 } } }),
  })
  const page = await openPage(device, 'pages/quiz/calendar')
  assert.equal(device.calls('GET /api/quiz/daily/calendar')[0].query.month, thisMonth)
  assert.equal(page.text('.month-title'), y + '年' + m + '月')
  assert.equal(page.text('.current-streak'), '2 天')
  assert.equal(page.text('.longest-streak'), '5 天')
  assert.equal(page.text('.total-days'), '9 天')
  assert.equal(page.text('.month-summary'), '本月答了 2 天，答对 1 天')
  assert.deepEqual(page.texts('.day-right'), ['1✓'])
  assert.deepEqual(page.texts('.day-wrong'), ['2✗'])
  assert.equal(page.attr('.next-month', 'disabled'), true, 'no month after this one')

  await page.tap('.previous-month')
  assert.equal(device.calls('GET /api/quiz/daily/calendar')[1].query.month, earlier)
  assert.deepEqual(page.texts('.day-right'), ['15✓'])
  await page.tap('.next-month')
  assert.equal(page.text('.month-title'), y + '年' + m + '月')
})

test('答题日历: a calendar that does not come shows the reason and a retry', async () => {
  const device = worker({ 'GET /api/quiz/daily/calendar': [{ fail: 'timeout' }, { fail: 'timeout' }, { body: { month: '2026-12', days: [], totalDays: 0, streak: { current: 0, longest: 0 } } }] })
  const page = await openPage(device, 'pages/quiz/calendar')
  assert.ok(page.exists('.load-failed'))
  await page.tap('.retry')
  assert.equal(page.text('.total-days'), '0 天')
})

const campaign = (me = {}) => ({
  id: 'k-1', title: '安康杯安全知识竞答', description: null, organizerName: '昆明市总工会', startsAt: '2026-11-20T00:00:00Z', endsAt: '2026-12-30T00:00:00Z',
  phase: 'open', phaseText: '进行中', questionsPerAttempt: 2, timeLimitSeconds: 300, attemptsPerDay: 1, attemptsTotal: 3, scoring: 'best',
  prize: { kind: 'lottery', count: 10, name: '保温杯', text: '抽 10 名送保温杯' }, seedHash: 'abc', seed: null, drawnAt: null, isDemo: false,
  me: Object.assign({ attemptsToday: 0, attemptsUsed: 0, attemptsLeftToday: 1, attemptsLeft: 3, countedScore: null, rank: null, inProgressAttemptId: null, won: false, attempts: [] }, me),
})
const attempt = (secondsLeft, status = 'inProgress') => ({ id: 'at-1', campaignId: 'k-1', campaignTitle: '安康杯安全知识竞答', status, sequence: 1,
  startedAt: '2026-12-01T04:00:00Z', deadline: '2026-12-01T04:05:00Z', secondsLeft, questions: [q1, q2] })
const handedIn = Object.assign(attempt(0, 'submitted'), { result: { score: 100, correctCount: 2, questionCount: 2, submittedAt: '2026-12-01T04:02:00Z',
  durationSeconds: 120, ranked: true, note: null, questions: [
    Object.assign({}, q1, { chosen: ['A'], correctOptionIds: ['A'], isCorrect: true, explanation: '第十九条。' }),
    Object.assign({}, q2, { chosen: ['A', 'B'], correctOptionIds: ['A', 'B'], isCorrect: true, explanation: '手机不是防护用品。' }),
  ] } })
const board = { campaignId: 'k-1', scope: 'individual', total: 0, source: 'live', individuals: [] }

test('quiz attempt: answers survive leaving the page; 继续答题 brings them back; a failed hand-in keeps them and resends with the same key', async () => {
  const device = worker({
    'GET /api/quiz/campaigns/k-1': [{ body: campaign() }, { body: campaign({ inProgressAttemptId: 'at-1' }) }, { body: campaign({ attemptsLeftToday: 0, countedScore: 100 }) }],
    'GET /api/quiz/campaigns/k-1/leaderboard': { body: board },
    'POST /api/quiz/campaigns/k-1/attempts': { status: 201, body: attempt(300) },
    'GET /api/quiz/attempts/at-1': { body: attempt(200) },
    'POST /api/quiz/attempts/at-1/submit': [{ fail: 'timeout' }, { fail: 'timeout' }, { fail: 'timeout' }, { body: handedIn }],
  })
  let page = await openPage(device, 'pages/quiz/campaign?id=k-1')
  await page.tap('.start')
  await page.tap('.option', '一个月')
  await page.tap('.next')
  await page.tap('.option', '安全帽')
  await page.tap('.option', '手套')
  page.close() // WeChat closed the page (or the phone ran out of memory in the background)

  page = await openPage(device, 'pages/quiz/campaign?id=k-1')
  assert.equal(page.text('.start'), '继续答题')
  await page.tap('.start')
  assert.equal(page.text('.progress'), '第 2 / 2 题', 'back on the question where the person was')
  assert.ok(page.exists('.option-chosen', '安全帽'))
  assert.ok(page.exists('.option-chosen', '手套'))
  assert.match(page.text('.countdown'), /^3:[12]\d$/, 'the time left is the server\'s (200 s), not a fresh 5 minutes')

  await page.tap('.submit')
  assert.match(page.text('.submit-error'), /网络/)
  const saved = device.wx.getStorageSync('changai.quiz.attempt.at-1')
  assert.deepEqual(saved.chosen, { 'q-1': ['A'], 'q-2': ['A', 'B'] }, 'kept on the phone after the failure')
  await page.tap('.submit')
  const sent = device.calls('POST /api/quiz/attempts/at-1/submit')
  assert.equal(sent.length, 4)
  assert.equal(new Set(sent.map((r) => r.headers['Idempotency-Key'])).size, 1, 'one hand-in, one key, however many tries')
  assert.equal(sent[0].headers['Idempotency-Key'], saved.submitKey)
  assert.deepEqual(sent[3].body, { answers: [{ questionId: 'q-1', optionIds: ['A'] }, { questionId: 'q-2', optionIds: ['A', 'B'] }] })
  assert.equal(page.text('.score'), '100 分')
  assert.equal(device.wx.getStorageSync('changai.quiz.attempt.at-1'), '', 'handed in: nothing left on the phone')
  page.close()
})

test('quiz attempt: back from the background the countdown asks the server; time up there ends the attempt on the phone too', async () => {
  const device = worker({
    'GET /api/quiz/campaigns/k-1': { body: campaign() },
    'GET /api/quiz/campaigns/k-1/leaderboard': { body: board },
    'POST /api/quiz/campaigns/k-1/attempts': { status: 201, body: attempt(300) },
    'GET /api/quiz/attempts/at-1': [{ body: attempt(42) }, { body: handedIn }],
  })
  const page = await openPage(device, 'pages/quiz/campaign?id=k-1')
  await page.tap('.start')
  assert.match(page.text('.deadline'), /请在 12:05 前交卷/)
  await page.call('onShow')
  assert.match(page.text('.countdown'), /^0:4[12]$/)
  await page.call('onShow')
  assert.equal(page.text('.score'), '100 分')
  assert.equal(device.wx.getStorageSync('changai.quiz.attempt.at-1'), '')
  page.close()
})

test('quiz attempt: a hand-in the server refuses for good (deadline passed) stops the clock and forgets the saved answers', async () => {
  const device = worker({
    'GET /api/quiz/campaigns/k-1': { body: campaign() },
    'GET /api/quiz/campaigns/k-1/leaderboard': { body: board },
    'POST /api/quiz/campaigns/k-1/attempts': { status: 201, body: attempt(300) },
    'POST /api/quiz/attempts/at-1/submit': problem(422, 'quiz.attempt.deadline_passed', '答题时间已到，本次答卷未被接受'),
  })
  const page = await openPage(device, 'pages/quiz/campaign?id=k-1')
  await page.tap('.start')
  await page.tap('.submit')
  assert.equal(page.text('.submit-error'), '答题时间已到，本次答卷未被接受')
  assert.equal(device.wx.getStorageSync('changai.quiz.attempt.at-1'), '')
  page.close()
})
