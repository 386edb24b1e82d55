/** The enrol journey: a member finds a course, enrols, is asked about WeChat reminders, and sees the place among their training. */

const test = require('node:test')
const assert = require('node:assert/strict')
const { apiUrl } = require('./api')
const { openPage } = require('../support/harness')
const { joinedWorker } = require('./steps/membership')
const { enrolInCourse } = require('./steps/features')

const COURSE = { keyword: '育婴员', title: '育婴员（五级）职业技能培训' }

test('enrol journey: find a course, enrol once, see it in my training, cancel', async (t) => {
  const worker = await joinedWorker(apiUrl)
  const { phone } = worker

  await t.test('enrolling takes a seat, and reminders are subscribed', async () => {
    const course = await enrolInCourse(worker, COURSE)
    assert.equal(course.text('.enrolled-status'), '报名成功')
    const enrols = phone.responses.filter((r) => r.method === 'POST' && r.path.endsWith('/enrollments'))
    assert.deepEqual(enrols.map((r) => r.status), [201])
    assert.ok(course.exists('.my-place', '报名成功'))
    const report = phone.responses.find((r) => r.path === '/api/notifications/subscriptions')
    assert.ok(report && report.status < 300, 'the subscription was reported')
    course.close()
  })

  await t.test('my training lists the one enrolment, which can be cancelled', async () => {
    const mine = await openPage(phone, 'pages/training/enrollments')
    assert.deepEqual(mine.texts('.course-title'), [COURSE.title])
    assert.equal(mine.text('.status'), '报名成功')
    phone.answerModals(true)
    await mine.tap('.cancel')
    assert.equal(mine.text('.check-in-message'), '已取消报名')
    assert.notEqual(mine.text('.status'), '报名成功')
    mine.close()
  })
})
