const test = require('node:test')
const assert = require('node:assert/strict')
const { openPage } = require('../support/harness')
const { createFakeWx, problem } = require('../support/fake-wx')
const f = require('../support/fixtures')
const config = require('../../utils/config')

config.retryDelayMs = 1

/** A logged-in worker's phone answering from `routes`. */
function worker(routes, options = {}) {
  const device = createFakeWx(Object.assign({ routes }, options))
  device.loggedIn('worker', { id: 'w1' })
  return device
}

const SESSION = '0193a000-0000-7000-8000-000000000001'

const enrollment = (over = {}) => Object.assign({
  id: 'e-1', courseId: 'c-1', courseTitle: '电工（四级）技能提升培训', sessionId: SESSION, sessionTitle: '第一期', startsAt: '2026-11-25T01:00:00Z',
  endsAt: '2026-11-25T09:00:00Z', place: '官渡区职工服务中心', onlineUrl: null, status: 'confirmed', statusText: '已报名', waitlistPosition: null,
  waitingAhead: null, lowPriority: false, offerExpiresAt: null, cancellationDeadline: '2026-11-24T01:00:00Z', canCancel: true, canConfirm: false,
  checkedInAt: null, enrolledAt: '2026-11-21T04:00:00Z',
}, over)

test('my training: scanning the organiser\'s code checks in to that session', async () => {
  const device = worker({
    'GET /api/training/enrollments/mine': [{ body: [enrollment()] }, { body: [enrollment({ status: 'checkedIn', statusText: '已签到', checkedInAt: '2026-11-25T01:05:00Z', canCancel: false })] }],
    ['POST /api/training/sessions/' + SESSION + '/check-in']: { body: { enrollmentId: 'e-1', status: 'checkedIn', statusText: '已签到', checkedInAt: '2026-11-25T01:05:00Z', method: 'qrCode', alreadyCheckedIn: false } },
  })
  const page = await openPage(device, 'pages/training/enrollments')
  assert.equal(page.text('.status'), '已报名')
  device.willScan('changai:training-check-in:' + SESSION + ':tok-123')
  await page.tap('.scan')
  const [checkIn] = device.calls('POST /api/training/sessions/' + SESSION + '/check-in')
  assert.deepEqual(checkIn.body, { token: 'tok-123' })
  assert.equal(page.text('.check-in-message'), '第一期：签到成功')
  assert.equal(page.text('.status'), '已签到')
  assert.ok(page.exists('.checked-in'))
})

test('my training: another QR code is named as such and nothing is sent; an expired code shows the server\'s reason', async () => {
  const device = worker({
    'GET /api/training/enrollments/mine': { body: [enrollment()] },
    ['POST /api/training/sessions/' + SESSION + '/check-in']: problem(422, 'training.check_in_code_expired', '签到码已过期，请扫描现场最新的二维码'),
  })
  const page = await openPage(device, 'pages/training/enrollments')
  device.willScan('https://example.com/not-ours', 'changai:training-check-in:' + SESSION + ':old')
  await page.tap('.scan')
  assert.match(page.text('.check-in-error'), /不是培训签到码/)
  assert.equal(device.calls('POST /api/training/sessions/' + SESSION + '/check-in').length, 0)
  await page.tap('.scan')
  assert.equal(page.text('.check-in-error'), '签到码已过期，请扫描现场最新的二维码')
})

const courseDetail = (myEnrollment = null) => ({
  id: 'c-1', title: '电工（四级）技能提升培训', category: 'skill', categoryText: '技能提升', occupation: '电工', provider: '昆明技师学院',
  organizer: { id: 'u-gd', name: '官渡区总工会' }, description: '理论加实操，结业可考四级证书。', membersOnly: true, eligibleRegionCodes: [],
  eligibleEmploymentForms: [], eligible: true, ineligibleReasons: [],
  sessions: [{
    id: SESSION, title: '第一期', startsAt: '2026-11-25T01:00:00Z', endsAt: '2026-11-25T09:00:00Z', address: '官渡区职工服务中心', latitude: null, longitude: null,
    onlineUrl: null, capacity: 30, seatsLeft: myEnrollment ? 29 : 30, waitlisted: 0, enrollmentOpensAt: '2026-11-20T00:00:00Z', enrollmentClosesAt: '2026-11-24T00:00:00Z',
    cancellationDeadline: '2026-11-24T01:00:00Z', checkInOpensAt: '2026-11-25T00:30:00Z', checkInClosesAt: '2026-11-25T02:00:00Z', status: 'scheduled',
    statusText: '报名中', enrollmentOpen: true, myEnrollment,
  }],
})

test('course: enrolling sends one keyed request, shows the place, then asks to be reminded by WeChat', async () => {
  const device = worker({
    'GET /api/training/courses/c-1': [{ body: courseDetail() }, { body: courseDetail({ id: 'e-1', status: 'confirmed', statusText: '已报名', waitlistPosition: null, offerExpiresAt: null }) }],
    ['POST /api/training/sessions/' + SESSION + '/enrollments']: { status: 201, body: enrollment() },
    'POST /api/notifications/subscriptions': { body: {} },
  })
  const page = await openPage(device, 'pages/training/course?id=c-1')
  await page.tap('.enroll')
  const [enrol] = device.calls('POST /api/training/sessions/' + SESSION + '/enrollments')
  assert.ok(enrol.headers['Idempotency-Key'])
  assert.equal(page.text('.enrolled-status'), '已报名')
  assert.equal(page.text('.my-place'), '已报名')
  assert.equal(page.exists('.enroll'), false, 'no second enrol button for the same session')
  assert.deepEqual(device.subscribePrompts, [[config.templates.reviewResult, config.templates.notice]])
  assert.equal(device.calls('POST /api/notifications/subscriptions').length, 1)
})

const question = { questionId: 'q-1', position: 1, kind: 'single', kindText: '单选题', stem: '劳动合同期限一年的，试用期最长不得超过？', options: [{ id: 'A', text: '一个月' }, { id: 'B', text: '两个月' }] }

test('daily question: nothing is sent without a choice; the answer shows right or wrong with the explanation and streak', async () => {
  const device = worker({
    'GET /api/quiz/daily': { body: { date: '2026-11-21', question, answered: false, streak: { current: 2, longest: 5 } } },
    'POST /api/quiz/daily/answer': { body: { date: '2026-11-21', question, answered: true, streak: { current: 3, longest: 5 },
      result: { chosen: ['B'], isCorrect: false, correctOptionIds: ['A'], explanation: '劳动合同法第十九条。', answeredAt: '2026-11-21T04:00:00Z' } } },
  })
  const page = await openPage(device, 'pages/quiz/daily')
  assert.equal(page.text('.streak'), '2 天')
  await page.tap('.answer')
  assert.equal(page.text('.answer-error'), '请先选择答案')
  assert.equal(device.calls('POST /api/quiz/daily/answer').length, 0)
  await page.tap('.option', '两个月')
  await page.tap('.answer')
  assert.deepEqual(device.calls('POST /api/quiz/daily/answer')[0].body, { optionIds: ['B'] })
  assert.equal(page.text('.verdict'), '答错了')
  assert.equal(page.text('.correct-answer'), 'A')
  assert.equal(page.text('.streak'), '3 天')
  assert.equal(page.exists('.answer'), false)
})

const campaign = (me = {}) => ({
  id: 'k-1', title: '安康杯安全知识竞答', description: null, organizerName: '昆明市总工会', startsAt: '2026-11-20T00:00:00Z', endsAt: '2026-11-30T00:00:00Z',
  phase: 'open', phaseText: '进行中', questionsPerAttempt: 2, timeLimitSeconds: 300, attemptsPerDay: 1, attemptsTotal: 3, scoring: 'best',
  prize: { kind: 'lottery', count: 10, name: '保温杯', text: '抽 10 名送保温杯' }, seedHash: 'abc', seed: null, drawnAt: null, isDemo: false,
  me: Object.assign({ attemptsToday: 0, attemptsUsed: 0, attemptsLeftToday: 1, attemptsLeft: 3, countedScore: null, rank: null, inProgressAttemptId: null, won: false, attempts: [] }, me),
})
const q2 = { questionId: 'q-2', position: 2, kind: 'multiple', kindText: '多选题', stem: '哪些属于劳动防护用品？', options: [{ id: 'A', text: '安全帽' }, { id: 'B', text: '手套' }, { id: 'C', text: '手机' }] }
const attempt = (secondsLeft) => ({ id: 'at-1', campaignId: 'k-1', campaignTitle: '安康杯安全知识竞答', status: 'inProgress', sequence: 1,
  startedAt: '2026-11-21T04:00:00Z', deadline: '2026-11-21T04:05:00Z', secondsLeft, questions: [question, q2] })
const submitted = { id: 'at-1', campaignId: 'k-1', campaignTitle: '安康杯安全知识竞答', status: 'submitted', sequence: 1, startedAt: '2026-11-21T04:00:00Z',
  deadline: '2026-11-21T04:05:00Z', secondsLeft: 0, questions: [question, q2],
  result: { score: 50, correctCount: 1, questionCount: 2, submittedAt: '2026-11-21T04:01:00Z', durationSeconds: 61.2, ranked: true, note: null, questions: [
    Object.assign({}, question, { chosen: ['A'], correctOptionIds: ['A'], isCorrect: true, explanation: '第十九条。' }),
    Object.assign({}, q2, { chosen: ['A'], correctOptionIds: ['A', 'B'], isCorrect: false, explanation: '手机不是防护用品。' }),
  ] } }
const board = { campaignId: 'k-1', scope: 'individual', total: 1, source: 'live',
  individuals: [{ rank: 1, name: '张*国', unionName: '云内动力工会', score: 50, correctCount: 1, finishedAt: '2026-11-21T04:01:00Z', durationSeconds: 61.2, isMe: true }],
  me: { rank: 1, name: '张*国', unionName: '云内动力工会', score: 50, correctCount: 1, finishedAt: '2026-11-21T04:01:00Z', durationSeconds: 61.2, isMe: true } }

test('campaign: start, a countdown, answers (one and several), hand in, then the score, explanations and the leaderboard', async () => {
  const device = worker({
    'GET /api/quiz/campaigns/k-1': [{ body: campaign() }, { body: campaign({ attemptsLeftToday: 0, countedScore: 50, rank: 1 }) }],
    'GET /api/quiz/campaigns/k-1/leaderboard': [{ body: Object.assign({}, board, { total: 0, individuals: [], me: undefined }) }, { body: board }],
    'POST /api/quiz/campaigns/k-1/attempts': { status: 201, body: attempt(300) },
    'POST /api/quiz/attempts/at-1/submit': { body: submitted },
  })
  const page = await openPage(device, 'pages/quiz/campaign?id=k-1')
  assert.ok(page.exists('.board-empty'))
  await page.tap('.start')
  assert.ok(device.calls('POST /api/quiz/campaigns/k-1/attempts')[0].headers['Idempotency-Key'])
  assert.match(page.text('.countdown'), /^[45]:\d\d$/)
  assert.equal(page.text('.progress'), '第 1 / 2 题')
  await page.tap('.option', '一个月')
  await page.tap('.next')
  await page.tap('.option', '安全帽')
  await page.tap('.option', '手套')
  await page.tap('.option', '手套')
  await page.tap('.submit')
  const [handIn] = device.calls('POST /api/quiz/attempts/at-1/submit')
  assert.deepEqual(handIn.body, { answers: [{ questionId: 'q-1', optionIds: ['A'] }, { questionId: 'q-2', optionIds: ['A'] }] })
  assert.ok(handIn.headers['Idempotency-Key'])
  assert.equal(page.text('.score'), '50 分')
  assert.match(page.text('.correct-count'), /答对 1 \/ 2 题，用时 61 秒/)
  assert.match(page.screen, /答错了，正确答案 A、B/)
  await page.tap('.back-to-campaign')
  assert.match(page.text('.board-row'), /第 1 名 张\*国/)
  assert.equal(page.text('.my-score'), '50 分，第 1 名')
  assert.equal(page.exists('.start'), false)
  page.instance.onUnload()
})

test('campaign: when the time is up the attempt is handed in by itself', async () => {
  const device = worker({
    'GET /api/quiz/campaigns/k-1': { body: campaign() },
    'GET /api/quiz/campaigns/k-1/leaderboard': { body: board },
    'POST /api/quiz/campaigns/k-1/attempts': { status: 201, body: attempt(0) },
    'POST /api/quiz/attempts/at-1/submit': { body: submitted },
  })
  const page = await openPage(device, 'pages/quiz/campaign?id=k-1')
  await page.tap('.start')
  assert.deepEqual(device.calls('POST /api/quiz/attempts/at-1/submit')[0].body.answers.map((a) => a.optionIds), [[], []])
  assert.equal(page.text('.score'), '50 分')
  page.instance.onUnload()
})

const subsidy = (over = {}) => Object.assign({
  id: 's-1', program: { id: 'p-1', name: '昆明市困难职工帮扶', kind: 'hardshipAid', kindText: '困难帮扶' }, status: 'draft', statusText: '草稿',
  certificate: null, degreeLevel: null, school: null, tuitionFen: null, hardshipTier: 'illness', statement: '住院治疗', amountFen: null, amountText: null,
  breakdown: [], reviewChain: [], currentLevelText: null, currentStepDueAt: null, reviewComment: null, correctionDueAt: null, createdAt: '2026-11-21T04:00:00Z',
  submittedAt: null, decidedAt: null, paidOn: null, attachments: [], missingDocuments: ['困难情况证明（诊断书、受灾证明等）'], canEdit: true, canWithdraw: false,
  timeline: [{ at: '2026-11-21T04:00:00Z', action: 'subsidies.application.drafted', text: '创建申请草稿', actor: '本人', fromState: null, toState: 'Draft', reason: null }],
}, over)
const programs = [{ id: 'p-1', name: '昆明市困难职工帮扶', rules: { amount: { hardshipTiers: [] }, documents: [{ code: 'proof', name: '困难情况证明（诊断书、受灾证明等）' }] } }]
const proof = { id: 'f-1', documentCode: 'proof', fileName: 'proof.jpg', contentType: 'image/jpeg', sizeBytes: 20480, uploadedAt: '2026-11-21T04:01:00Z' }

test('subsidy: a photo picked for a required document is uploaded for it; submitting shows the timeline and asks to be told the result', async () => {
  const submittedView = subsidy({ status: 'underReview', statusText: '审核中', currentLevelText: '县级工会', canEdit: false, canWithdraw: true,
    amountText: '5,000.00 元', attachments: [proof], missingDocuments: [], submittedAt: '2026-11-21T04:02:00Z',
    timeline: subsidy().timeline.concat([{ at: '2026-11-21T04:02:00Z', action: 'subsidies.application.submitted', text: '提交申请', actor: '本人', fromState: 'Draft', toState: 'UnderReview', reason: null }]) })
  const device = worker({
    'GET /api/subsidies/applications/s-1': [{ body: subsidy() }, { body: subsidy({ attachments: [proof], missingDocuments: [] }) }, { body: submittedView }],
    'GET /api/subsidies/programs': { body: programs },
    'UPLOAD /api/subsidies/applications/s-1/attachments': { status: 201, body: proof },
    'POST /api/subsidies/applications/s-1/submit': { body: submittedView },
    'POST /api/notifications/subscriptions': { body: {} },
  })
  const page = await openPage(device, 'pages/subsidies/detail?id=s-1')
  assert.match(page.text('.missing'), /困难情况证明/)
  device.willPick(['wxfile://tmp/proof.jpg'])
  await page.tap('.attach')
  const [upload] = device.calls('UPLOAD /api/subsidies/applications/s-1/attachments')
  assert.equal(upload.filePath, 'wxfile://tmp/proof.jpg')
  assert.equal(upload.name, 'file')
  assert.match(upload.url, /documentCode=proof/)
  assert.ok(upload.headers['Idempotency-Key'])
  assert.equal(page.text('.file-name'), 'proof.jpg')
  assert.equal(page.exists('.missing'), false)
  await page.tap('.submit')
  assert.equal(page.text('.status'), '审核中')
  assert.equal(page.text('.current-level'), '县级工会')
  assert.deepEqual(page.texts('.timeline-text'), ['提交申请', '创建申请草稿'])
  assert.deepEqual(device.subscribePrompts, [[config.templates.reviewResult]])
})

test('subsidy: closing the camera uploads nothing; the server\'s refusal to submit is shown by the button', async () => {
  const device = worker({
    'GET /api/subsidies/applications/s-1': { body: subsidy() },
    'GET /api/subsidies/programs': { body: programs },
    'POST /api/subsidies/applications/s-1/submit': problem(422, 'subsidies.documents_missing', '还缺少材料：困难情况证明（诊断书、受灾证明等）'),
  })
  const page = await openPage(device, 'pages/subsidies/detail?id=s-1')
  device.willPick(null)
  await page.tap('.attach')
  assert.equal(device.calls('UPLOAD /api/subsidies/applications/s-1/attachments').length, 0)
  await page.tap('.submit')
  assert.equal(page.text('.submit-error'), '还缺少材料：困难情况证明（诊断书、受灾证明等）')
  assert.deepEqual(device.subscribePrompts, [])
})

const officerItem = { id: 's-1', program: { id: 'p-1', name: '昆明市困难职工帮扶', kind: 'hardshipAid', kindText: '困难帮扶' }, applicantName: '张建国',
  idNumberMasked: '1****************X', phoneMasked: '139****0000', union: { id: 'u-1', name: '云内动力工会' }, status: 'underReview', statusText: '审核中',
  currentLevelText: '县级工会', amountFen: 500000, amountText: '5,000.00 元', submittedAt: '2026-11-21T04:02:00Z', dueAt: '2026-11-26T04:02:00Z', overdue: false, atMyLevel: true }
const officerDetail = Object.assign({}, officerItem, { countyCode: '530111', certificate: null, degreeLevel: null, school: null, tuitionFen: null, hardshipTier: 'illness',
  statement: '住院治疗', breakdown: [], reviewChain: [], currentStepDueAt: null, reviewComment: null, decidedAt: null, paidOn: null, transferReference: null,
  attachments: [proof], version: 3, audit: [{ at: '2026-11-21T04:02:00Z', action: 'subsidies.application.submitted', text: '提交申请', actorType: 'worker', actorId: null, actorName: null, fromState: 'Draft', toState: 'UnderReview', reason: null }] })

test('officer subsidies: the queue at my level, one opened; returning needs a reason; approving says where it goes next', async () => {
  const device = createFakeWx({ routes: {
    'GET /api/officer/subsidies/applications': { body: f.page([officerItem]) },
    'GET /api/officer/subsidies/applications/s-1': { body: officerDetail },
    'POST /api/officer/subsidies/applications/s-1/approve': { body: { id: 's-1', status: 'underReview', statusText: '审核中', nextLevelText: '市级工会' } },
  } })
  device.loggedIn('officer', f.officer())
  const page = await openPage(device, 'pages/officer/subsidies')
  assert.equal(device.calls('GET /api/officer/subsidies/applications')[0].query.view, 'queue')
  assert.equal(device.calls('GET /api/officer/subsidies/applications')[0].headers.Authorization, 'Bearer officer-token-1')
  assert.match(page.text('.queue-summary'), /共 1 份/)
  await page.tap('.application', '张建国')
  assert.equal(page.text('.program-name'), '昆明市困难职工帮扶')
  assert.equal(page.text('.attachment'), 'proof.jpg')
  await page.tap('.return')
  assert.equal(page.text('.decide-error'), '请在上面写明原因，申请人会看到')
  assert.equal(device.calls('POST /api/officer/subsidies/applications/s-1/return').length, 0)
  await page.tap('.approve')
  assert.deepEqual(device.calls('POST /api/officer/subsidies/applications/s-1/approve')[0].body, { comment: null })
  assert.equal(page.text('.decision-text'), '本级已通过，转市级工会审核')
})

test('officer subsidies: without an officer session it goes to the officer login', async () => {
  const device = worker({})
  await openPage(device, 'pages/officer/subsidies')
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['redirectTo /pages/officer/login'])
})
