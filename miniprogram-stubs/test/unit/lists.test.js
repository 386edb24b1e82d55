/**
 * The one list pattern (utils/paged.js, templates/states.wxml): a skeleton rather than a blank page, a retry button when
 * the first load fails, pull-to-refresh, and load-more with one request in flight and a footer that says where it is.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { openPage, ROOT } = require('../support/harness')
const { createFakeWx } = require('../support/fake-wx')
const f = require('../support/fixtures')
const config = require('../../utils/config')

config.retryDelayMs = 1

const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8')

function worker(routes) {
  const device = createFakeWx({ routes })
  device.loggedIn('worker', { id: 'w1' })
  return device
}

/** An inbox of `total` messages served 20 a page. */
function inbox(total) {
  return (req) => {
    const page = Number(req.query.page)
    const items = Array.from({ length: Math.max(0, Math.min(20, total - (page - 1) * 20)) }, (_, i) => f.notification({
      id: 'n-' + ((page - 1) * 20 + i), title: '消息' + ((page - 1) * 20 + i), readAt: '2026-11-21T05:00:00Z',
    }))
    return { body: { items, page, pageSize: 20, total, unreadCount: 0 } }
  }
}

test('lists: a skeleton while the first page loads; when it fails, the reason and a retry button instead of a blank page', async () => {
  const device = worker({ 'GET /api/notifications/inbox': [{ fail: 'timeout' }, { fail: 'timeout' }, { body: inbox(2)({ query: { page: '1' } }).body }] })
  let skeleton = false
  const page = await openPage(device, 'pages/notifications/inbox', { beforeSettle: (p) => { skeleton = p.exists('.list-loading') } })
  assert.ok(skeleton, 'the skeleton shows while the first request is on the way')
  assert.equal(page.exists('.list-loading'), false)
  assert.match(page.text('.load-error'), /网络连接不稳定/)
  assert.equal(page.exists('.no-messages'), false, 'a failed load is not "no messages"')

  await page.tap('.retry')
  assert.deepEqual(page.texts('.message-title'), ['消息0', '消息1'])
  assert.equal(page.exists('.load-failed'), false)
  assert.equal(page.text('.no-more'), '没有更多了')
})

test('lists: reaching the bottom twice at once sends one request; the footer says 加载中… then 没有更多了, and nothing more is asked', async () => {
  const device = worker({ 'GET /api/notifications/inbox': inbox(45) })
  const page = await openPage(device, 'pages/notifications/inbox')
  assert.equal(page.texts('.message').length, 20)
  assert.equal(page.exists('.no-more'), false)

  page.use()
  page.instance.onReachBottom()
  page.instance.onReachBottom()
  assert.equal(page.text('.loading-more'), '加载中…')
  await page.call('onReachBottom')
  assert.deepEqual(device.calls('GET /api/notifications/inbox').map((r) => r.query.page), ['1', '2'])
  assert.equal(page.texts('.message').length, 40)

  await page.call('onReachBottom')
  assert.equal(page.texts('.message').length, 45)
  assert.equal(page.text('.no-more'), '没有更多了')
  await page.call('onReachBottom')
  assert.deepEqual(device.calls('GET /api/notifications/inbox').map((r) => r.query.page), ['1', '2', '3'])
})

test('lists: a page of more that fails says so in the footer, and a tap there fetches it again', async () => {
  let failures = 0
  const device = worker({ 'GET /api/notifications/inbox': (req) => (req.query.page === '2' && failures-- > 0 ? { fail: 'timeout' } : inbox(25)(req)) })
  const page = await openPage(device, 'pages/notifications/inbox')
  failures = 2 // the request and request.js's own retry
  await page.call('onReachBottom')
  assert.equal(page.text('.more-retry'), '加载失败，点此重试')
  assert.equal(page.texts('.message').length, 20, 'what was there stays')
  await page.tap('.more-retry')
  assert.equal(page.texts('.message').length, 25)
  assert.equal(page.text('.no-more'), '没有更多了')
})

test('lists: pull-to-refresh fetches the first page again and ends the spinner; a failed refresh keeps what is on screen', async () => {
  let total = 2
  let broken = false
  const device = worker({ 'GET /api/notifications/inbox': (req) => (broken ? { fail: 'timeout' } : inbox(total)(req)) })
  const page = await openPage(device, 'pages/notifications/inbox')
  total = 3
  await page.call('onPullDownRefresh')
  assert.equal(page.texts('.message').length, 3)
  assert.equal(device.log.refreshesStopped, 1)

  broken = true
  await page.call('onPullDownRefresh')
  assert.equal(page.texts('.message').length, 3)
  assert.equal(page.exists('.load-failed'), false)
  assert.equal(device.log.refreshesStopped, 2)
})

test('lists: a new search starts again from the skeleton and the first page of the new results', async () => {
  const course = (id, title) => ({ id, title, categoryText: '技能提升', organizer: { name: '官渡区总工会' }, nextSessionStartsAt: null, seatsLeft: 3, eligible: true, ineligibleReasons: [] })
  const device = worker({
    'GET /api/training/courses': (req) => ({ body: f.page(req.query.keyword === '电工' ? [course('c-2', '电工培训')] : [course('c-1', '育婴员培训'), course('c-2', '电工培训')]) }),
  })
  const page = await openPage(device, 'pages/training/courses')
  assert.deepEqual(page.texts('.course-title'), ['育婴员培训', '电工培训'])
  await page.input('.keyword', '电工')
  await page.tap('.search')
  assert.deepEqual(page.texts('.course-title'), ['电工培训'])
  assert.deepEqual(device.calls('GET /api/training/courses').map((r) => r.query.keyword), [undefined, '电工'])
})

/** The pages that show a list fetched from the server. */
const LIST_PAGES = ['pages/notifications/inbox', 'pages/officer/inbox', 'pages/officer/queue', 'pages/officer/subsidies', 'pages/training/courses',
  'pages/training/enrollments', 'pages/quiz/campaigns', 'pages/quiz/wrong-book', 'pages/subsidies/programs', 'pages/membership/transfers']

test('lists: every list page uses the pattern — skeleton, retry, footer, pull-to-refresh, load-more — and no page pages by hand', () => {
  const wxmlOf = (page) => {
    const own = read(page + '.wxml')
    const include = /<include src="([^"]+)"/.exec(own)
    return include ? read(path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, page)), include[1]))) : own
  }
  for (const page of LIST_PAGES) {
    assert.ok(app.pages.includes(page), page)
    const code = read(page + '.js')
    assert.match(code, /require\('..\/..\/utils\/(paged|inbox-page)'\)/, page + ' uses utils/paged.js')
    const wxml = wxmlOf(page)
    for (const part of ['list-loading', 'list-failed', 'list-footer']) assert.match(wxml, new RegExp(`<template is="${part}"`), `${page} shows ${part}`)
    assert.equal(JSON.parse(read(page + '.json')).enablePullDownRefresh, true, page + ' refreshes on pull-down')
  }
  for (const page of LIST_PAGES) {
    const code = /inbox$/.test(page) ? read('utils/inbox-page.js') : read(page + '.js')
    assert.match(code, /\.\.\.paged\.handlers\(\)/, `${page} has the list's handlers (refresh, more, retry)`)
    assert.match(code, /fetchPage\(/, `${page} says how to fetch a page`)
  }
  // Paging by hand (page + 1 outside utils/paged.js) would skip the in-flight guard and the footer.
  for (const page of app.pages) assert.doesNotMatch(read(page + '.js'), /this\.data\.page \+ 1/, page)
})
