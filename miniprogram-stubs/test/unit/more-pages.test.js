/** Pages of phase 2 the other files do not open: practice, the campaign list, subsidy programmes and the subsidy form. */

const test = require('node:test')
const assert = require('node:assert/strict')
const { openPage } = require('../support/harness')
const { createFakeWx } = require('../support/fake-wx')
const config = require('../../utils/config')

config.retryDelayMs = 1

function worker(routes, options = {}) {
  const device = createFakeWx(Object.assign({ routes }, options))
  device.loggedIn('worker', { id: 'w1' })
  return device
}

const question = { questionId: 'q-1', position: 1, kind: 'single', kindText: '单选题', stem: '劳动合同期限一年的，试用期最长不得超过？', options: [{ id: 'A', text: '一个月' }, { id: 'B', text: '两个月' }] }
const progress = (over = {}) => Object.assign({ answered: 3, total: 50, correct: 2, wrongBook: 1 }, over)

test('practice: a question, the answer at once with why, the wrong book counted; nothing is sent without a choice', async () => {
  const device = worker({
    'GET /api/quiz/practice/next': { body: { finished: false, progress: progress(), question } },
    'POST /api/quiz/practice/answers': { body: { questionId: 'q-1', chosen: ['B'], isCorrect: false, correctOptionIds: ['A'], explanation: '劳动合同法第十九条。', progress: progress({ answered: 4, wrongBook: 2 }) } },
  })
  const page = await openPage(device, 'pages/quiz/practice')
  assert.equal(page.text('.stem'), question.stem)
  await page.tap('.answer')
  assert.equal(page.text('.answer-error'), '请先选择答案')
  assert.equal(device.calls('POST /api/quiz/practice/answers').length, 0)
  await page.tap('.option', '两个月')
  await page.tap('.answer')
  assert.deepEqual(device.calls('POST /api/quiz/practice/answers')[0].body, { questionId: 'q-1', optionIds: ['B'] })
  assert.equal(page.text('.verdict'), '答错了，正确答案 A')
  assert.match(page.text('.progress'), /错题本 2/)
  assert.equal(page.text('.wrong-book'), '错题本（2 题）')
  await page.tap('.wrong-book')
  await page.tap('.mode')
  assert.equal(device.calls('GET /api/quiz/practice/next')[1].query.mode, 'random')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/quiz/wrong-book'])
})

test('campaigns: each with its phase and my score, opened by a tap; daily question, practice and the wrong book one tap away', async () => {
  const me = (over = {}) => Object.assign({ countedScore: null }, over)
  const device = worker({
    'GET /api/quiz/campaigns': { body: [
      { id: 'k-1', title: '安康杯安全知识竞答', organizerName: '昆明市总工会', endsAt: '2026-12-30T00:00:00Z', phase: 'open', phaseText: '进行中', me: me({ countedScore: 80 }) },
      { id: 'k-0', title: '产改知识竞答', organizerName: '云南省总工会', endsAt: '2026-11-01T00:00:00Z', phase: 'ended', phaseText: '已结束', me: me() },
    ] },
  })
  const page = await openPage(device, 'pages/quiz/campaigns')
  assert.deepEqual(page.texts('.campaign-title'), ['安康杯安全知识竞答', '产改知识竞答'])
  assert.match(page.text('.campaign'), /我的成绩 80 分/)
  assert.equal(page.text('.no-more'), '没有更多了')
  await page.tap('.campaign', '安康杯')
  await page.tap('.daily')
  await page.tap('.wrong-book')
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/quiz/campaign?id=k-1', '/pages/quiz/daily', '/pages/quiz/wrong-book'])
})

const program = (over = {}) => Object.assign({
  id: 'p-1', name: '昆明市困难职工帮扶', kind: 'hardshipAid', kindText: '困难帮扶', owner: { name: '昆明市总工会' }, opensOn: '2026-01-01', closesOn: '2026-12-31',
  description: '', eligible: true, reasons: [], myApplicationId: null,
  rules: { amount: { hardshipTiers: [{ code: 'illness', name: '重大疾病' }, { code: 'disaster', name: '受灾' }] }, documents: [{ code: 'proof', name: '困难情况证明' }] },
}, over)

test('programmes: my applications first; 申请 starts one draft with a key and opens its form; one already started opens itself', async () => {
  const device = worker({
    'GET /api/subsidies/programs': { body: [program(), program({ id: 'p-2', name: '云南省职工学历提升补助', eligible: false, reasons: ['须为工会会员满一年'] }),
      program({ id: 'p-3', name: '昆明市技能证书补贴', myApplicationId: 's-9' })] },
    'GET /api/subsidies/applications/mine': { body: [{ id: 's-9', program: { id: 'p-3', name: '昆明市技能证书补贴' }, status: 'draft', statusText: '草稿' }] },
    'POST /api/subsidies/applications': { status: 201, body: { id: 's-10' } },
  })
  const page = await openPage(device, 'pages/subsidies/programs')
  assert.match(page.text('.my-application'), /昆明市技能证书补贴.*草稿/)
  assert.match(page.texts('.program').find((t) => t.includes('学历提升')), /暂不符合.*须为工会会员满一年/)
  await page.tap('.apply', '申请')
  const [started] = device.calls('POST /api/subsidies/applications')
  assert.deepEqual(started.body, { programId: 'p-1' })
  assert.ok(started.headers['Idempotency-Key'])
  await page.tap('.apply', '查看我的申请')
  assert.equal(device.calls('POST /api/subsidies/applications').length, 1)
  assert.deepEqual(device.log.navigations.map((n) => n.url), ['/pages/subsidies/apply?id=s-10', '/pages/subsidies/detail?id=s-9'])
})

test('subsidy form: the hardship kind is picked by name; nothing is saved without it; saving goes on to the materials', async () => {
  const draft = { id: 's-1', program: { id: 'p-1', name: '昆明市困难职工帮扶', kind: 'hardshipAid' }, statement: null, school: null, hardshipTier: null, degreeLevel: null, tuitionFen: null }
  const device = worker({
    'GET /api/subsidies/applications/s-1': { body: draft },
    'GET /api/subsidies/programs': { body: [program()] },
    'PUT /api/subsidies/applications/s-1': { body: draft },
  })
  const page = await openPage(device, 'pages/subsidies/apply?id=s-1')
  assert.equal(page.text('.program-name'), '昆明市困难职工帮扶')
  await page.tap('.save')
  assert.equal(page.text('.save-error'), '请选择困难类别')
  assert.equal(device.calls('PUT /api/subsidies/applications/s-1').length, 0)
  await page.trigger('.tier', 'change', { value: 1 })
  assert.equal(page.text('.tier-value'), '受灾')
  await page.input('.statement', '房屋受灾')
  await page.tap('.save')
  assert.deepEqual(device.calls('PUT /api/subsidies/applications/s-1')[0].body, { hardshipTier: 'disaster', statement: '房屋受灾' })
  assert.deepEqual(device.log.navigations.map((n) => n.kind + ' ' + n.url), ['redirectTo /pages/subsidies/detail?id=s-1'])
})
