/**
 * The subsidy journey: a member applies for hardship aid, fills in the form, photographs the proof (wx.chooseMedia →
 * wx.uploadFile), submits and sees the timeline; the county officer approves from the officer pages; the timeline shows it.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const { apiUrl } = require('./api')
const { openPage } = require('../support/harness')
const { joinedWorker, follow, openQueueRow } = require('./steps/membership')
const { photo, pdf, officerSubsidyQueue } = require('./steps/features')

const PROGRAM = '昆明市困难职工帮扶'

test('subsidy journey: apply with an attachment, see the timeline, officer approves', async (t) => {
  const worker = await joinedWorker(apiUrl)
  const { phone } = worker
  let applicationId = ''

  await t.test('the worker applies with a photographed proof and sees the timeline', async () => {
    const programs = await openPage(phone, 'pages/subsidies/programs')
    const card = programs.texts('.program').find((text) => text.includes(PROGRAM))
    assert.match(card, /符合条件/)
    await programs.tap('.apply', '申请')
    programs.close()

    const form = await follow(phone)
    applicationId = form.data.applicationId
    assert.equal(form.text('.program-name'), PROGRAM)
    await form.trigger('.tier', 'change', { value: 2 })
    assert.equal(form.text('.tier-value'), '重大疾病')
    await form.input('.statement', '家人住院治疗，医疗费用负担重')
    await form.tap('.save')
    form.close()

    const detail = await follow(phone)
    assert.match(detail.text('.missing'), /困难情况证明/)
    phone.willPick([photo('proof.jpg')])
    await detail.tap('.attach')
    assert.equal(detail.text('.file-name'), 'proof.jpg')
    assert.equal(detail.exists('.missing'), false)
    // The hospital's PDF, sent in a chat: chosen with wx.chooseMessageFile, checked on the phone, recognised as a PDF by the server.
    phone.willPickFromChat([pdf('诊断证明.pdf')])
    await detail.tap('.attach-pdf')
    assert.deepEqual(detail.texts('.file-name'), ['proof.jpg', '诊断证明.pdf'], detail.screen)
    await detail.tap('.submit')
    assert.equal(detail.text('.status'), '审核中', detail.screen)
    assert.match(detail.text('.amount'), /5,?000/)
    const timeline = detail.texts('.timeline-text')
    assert.equal(timeline[0], '提交申请')
    assert.ok(timeline.includes('上传材料'))
    assert.ok(timeline.includes('创建申请草稿'))
    assert.ok(phone.subscribePrompts.some((p) => p.includes('sim-tmpl-review-result')))
    detail.close()
  })

  await t.test('the county officer approves it from the review page and the worker sees it go up a level', async () => {
    const { queue } = await officerSubsidyQueue(apiUrl, { username: 'km.guandu', password: 'Demo@2026yn' })
    await openQueueRow(queue, applicationId)
    assert.equal(queue.text('.program-name'), PROGRAM)
    assert.deepEqual(queue.texts('.attachment'), ['proof.jpg', '诊断证明.pdf'])
    await queue.tap('.approve')
    assert.match(queue.text('.decision-text'), /本级已通过，转.+审核/)
    queue.close()

    const detail = await openPage(phone, 'pages/subsidies/detail?id=' + applicationId)
    assert.equal(detail.texts('.timeline-text')[0], '本级审核通过，转上级审核')
    detail.close()
  })
})
