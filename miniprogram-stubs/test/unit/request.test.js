const test = require('node:test')
const assert = require('node:assert/strict')
const { createFakeWx, problem } = require('../support/fake-wx')
const config = require('../../utils/config')
const { request, upload, ApiError } = require('../../utils/request')
const { askToSubscribe } = require('../../utils/subscribe')
const { duringTap } = require('../support/gesture')

config.retryDelayMs = 1

/** A device with a logged-in worker, installed as the global `wx`. */
function device(routes, options = {}) {
  const fake = createFakeWx(Object.assign({ routes }, options))
  fake.loggedIn('worker', { id: 'w1' })
  global.wx = fake.wx
  return fake
}

const tokens = (n) => ({ body: { accessToken: 'worker-token-' + n, refreshToken: 'worker-refresh-' + n, expiresIn: 1800 } })

test('a read sends the stored token to the configured server and gives back the JSON body', async () => {
  const fake = device({ 'GET /api/unions': { body: { items: [{ id: 'u1' }], total: 1 } } })
  const answer = await request({ url: '/api/unions', data: { keyword: '云内 动力', regionCode: null, page: 1 } })
  assert.deepEqual(answer, { items: [{ id: 'u1' }], total: 1 })
  const [sent] = fake.requests
  assert.equal(sent.url, config.baseUrl + '/api/unions?keyword=%E4%BA%91%E5%86%85%20%E5%8A%A8%E5%8A%9B&page=1')
  assert.equal(sent.headers.Authorization, 'Bearer worker-token-1')
  assert.equal(sent.headers['Idempotency-Key'], undefined, 'reads carry no idempotency key')
})

test('an expired token is refreshed once, the rotated pair is kept and the request is retried', async () => {
  const fake = device({
    'GET /api/me/profile': (req) => (req.headers.Authorization === 'Bearer worker-token-2' ? { body: { realName: '张建国' } } : problem(401, 'auth.unauthenticated', '请先登录后再操作')),
    'POST /api/auth/refresh': tokens(2),
  })
  const answer = await request({ url: '/api/me/profile' })
  assert.equal(answer.realName, '张建国')
  assert.deepEqual(fake.calls('POST /api/auth/refresh').map((r) => r.body), [{ refreshToken: 'worker-refresh-1' }])
  const stored = fake.wx.getStorageSync('changai.session.worker')
  assert.equal(stored.accessToken, 'worker-token-2')
  assert.equal(stored.refreshToken, 'worker-refresh-2')
  assert.deepEqual(stored.user, { id: 'w1' }, 'what we knew of the user survives a refresh')
  assert.deepEqual(fake.log.toasts, [])
})

test('requests that find the token expired together share one refresh (refresh tokens are single-use)', async () => {
  const fake = device({
    'GET /api/me/profile': (req) => (req.headers.Authorization === 'Bearer worker-token-2' ? { body: {} } : problem(401, 'auth.unauthenticated', '请先登录后再操作')),
    'GET /api/membership/applications/mine': (req) => (req.headers.Authorization === 'Bearer worker-token-2' ? { body: [] } : problem(401, 'auth.unauthenticated', '请先登录后再操作')),
    'POST /api/auth/refresh': tokens(2),
  })
  await Promise.all([request({ url: '/api/me/profile' }), request({ url: '/api/membership/applications/mine' })])
  assert.equal(fake.calls('POST /api/auth/refresh').length, 1)
})

test('when the refresh is refused the session is forgotten and the person is sent to log in again', async () => {
  const fake = device({
    'GET /api/me/profile': problem(401, 'auth.unauthenticated', '请先登录后再操作'),
    'POST /api/auth/refresh': problem(401, 'auth.refresh_invalid', '登录已失效，请重新登录'),
  })
  await assert.rejects(request({ url: '/api/me/profile' }), (e) => e instanceof ApiError && e.status === 401)
  assert.equal(fake.calls('GET /api/me/profile').length, 1, 'not retried without a fresh token')
  assert.equal(fake.wx.getStorageSync('changai.session.worker'), '')
  assert.deepEqual(fake.log.navigations.map((n) => n.kind + ' ' + n.url), ['reLaunch /pages/login/login'])
  assert.deepEqual(fake.log.toasts, ['登录已失效，请重新登录'])
})

test('a 401 after a successful refresh does not loop', async () => {
  const fake = device({
    'GET /api/me/profile': problem(401, 'auth.unauthenticated', '请先登录后再操作'),
    'POST /api/auth/refresh': tokens(2),
  })
  await assert.rejects(request({ url: '/api/me/profile' }))
  assert.equal(fake.calls('GET /api/me/profile').length, 2)
  assert.equal(fake.calls('POST /api/auth/refresh').length, 1)
})

test('officer requests use the officer session and its login page, never the worker one', async () => {
  const fake = device({ 'GET /api/officer/membership/applications': problem(401, 'auth.unauthenticated', '请先登录后再操作'), 'POST /api/auth/refresh': problem(401, 'auth.refresh_invalid', 'x') })
  fake.loggedIn('officer', { displayName: '官渡' })
  await assert.rejects(request({ url: '/api/officer/membership/applications', role: 'officer' }))
  assert.equal(fake.requests[0].headers.Authorization, 'Bearer officer-token-1')
  assert.deepEqual(fake.calls('POST /api/auth/refresh')[0].body, { refreshToken: 'officer-refresh-1' })
  assert.equal(fake.log.navigations[0].url, '/pages/officer/login')
  assert.notEqual(fake.wx.getStorageSync('changai.session.worker'), '', 'the worker session is untouched')
})

test('a problem answer becomes a toast with its Chinese detail and an error carrying its code and field errors', async () => {
  const fake = device({
    'POST /api/membership/applications': problem(409, 'membership.application_open', '您已有一份正在办理的入会申请，请等待审核结果或撤回后再申请'),
    'PUT /api/me/profile': problem(400, 'validation.failed', '身份证号：校验码不正确', { idNumber: ['身份证号：校验码不正确'] }),
  })
  await assert.rejects(request({ url: '/api/membership/applications', method: 'POST', data: {} }), (e) => {
    assert.equal(e.code, 'membership.application_open')
    assert.equal(e.status, 409)
    return true
  })
  await assert.rejects(request({ url: '/api/me/profile', method: 'PUT', data: {} }), (e) => {
    assert.deepEqual(e.errors, { idNumber: ['身份证号：校验码不正确'] })
    return true
  })
  assert.deepEqual(fake.log.toasts, ['您已有一份正在办理的入会申请，请等待审核结果或撤回后再申请', '身份证号：校验码不正确'])
})

test('a problem without detail shows its title; an error that is not a problem shows a plain message', async () => {
  const fake = device({
    'GET /api/a': { status: 403, headers: { 'content-type': 'application/problem+json; charset=utf-8' }, body: { title: '没有权限进行此操作', status: 403 } },
    'GET /api/b': { status: 502, headers: { 'Content-Type': 'text/html' }, body: '<html>Bad Gateway</html>' },
  })
  await assert.rejects(request({ url: '/api/a' }))
  await assert.rejects(request({ url: '/api/b' }), (e) => e.code === 'server.error')
  assert.deepEqual(fake.log.toasts, ['没有权限进行此操作', '服务器开小差了，请稍后重试'])
})

test('codes a page handles itself are not toasted', async () => {
  const fake = device({ 'GET /api/membership/card': problem(404, 'membership.not_member', '您还不是工会会员') })
  await assert.rejects(request({ url: '/api/membership/card', quiet: ['membership.not_member'] }), (e) => e.code === 'membership.not_member')
  assert.deepEqual(fake.log.toasts, [])
})

test('every submit carries its own Idempotency-Key', async () => {
  const fake = device({ 'POST /api/x': { status: 201, body: { id: '1' } }, 'PUT /api/y': { body: {} }, 'DELETE /api/z': { status: 204 } })
  await request({ url: '/api/x', method: 'POST', data: {} })
  await request({ url: '/api/x', method: 'POST', data: {} })
  await request({ url: '/api/y', method: 'PUT', data: {} })
  assert.equal(await request({ url: '/api/z', method: 'DELETE' }), null)
  const keys = fake.requests.map((r) => r.headers['Idempotency-Key'])
  keys.forEach((k) => assert.match(k, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/))
  assert.equal(new Set(keys).size, 4)
})

test('a submit whose answer was lost is sent again with the same key, and the key survives a token refresh', async () => {
  const fake = device({
    'POST /api/membership/applications': [{ fail: 'timeout' }, problem(401, 'auth.unauthenticated', '请先登录后再操作'), { status: 201, body: { id: 'a1' } }],
    'POST /api/auth/refresh': tokens(2),
  })
  const answer = await request({ url: '/api/membership/applications', method: 'POST', data: { unionId: 'u1' } })
  assert.equal(answer.id, 'a1')
  const sent = fake.calls('POST /api/membership/applications')
  assert.equal(sent.length, 3)
  assert.equal(new Set(sent.map((r) => r.headers['Idempotency-Key'])).size, 1)
  assert.deepEqual(fake.log.toasts, [])
})

test('a page can keep one key across the person tapping submit again', async () => {
  const fake = device({ 'POST /api/x': { fail: 'timeout' } })
  await assert.rejects(request({ url: '/api/x', method: 'POST', data: {}, idempotencyKey: 'k-1' }), (e) => e.status === 0)
  assert.deepEqual([...new Set(fake.requests.map((r) => r.headers['Idempotency-Key']))], ['k-1'])
  assert.equal(fake.requests.length, 3, 'sent once and retried twice before giving up')
  assert.deepEqual(fake.log.toasts, ['网络连接不稳定，请检查网络后重试'])
})

test('while the first copy of a submit is still being handled, the retry waits for its answer', async () => {
  const fake = device({
    'POST /api/x': [problem(409, 'idempotency.in_progress', '相同的提交正在处理中，请稍候'), { status: 201, body: { id: 'same' } }],
  })
  assert.deepEqual(await request({ url: '/api/x', method: 'POST', data: {} }), { id: 'same' })
  assert.deepEqual(fake.log.toasts, [])
})

test('without a session the person is sent to log in and nothing is sent', async () => {
  const fake = createFakeWx({})
  global.wx = fake.wx
  await assert.rejects(request({ url: '/api/me/profile' }), (e) => e.code === 'auth.no_session')
  assert.equal(fake.requests.length, 0)
  assert.equal(fake.log.navigations[0].url, '/pages/login/login')
})

test('uploads go through wx.uploadFile with the token and a key, and their text answer is parsed', async () => {
  const fake = device({
    'UPLOAD /api/files': [problem(401, 'auth.unauthenticated', '请先登录后再操作'), { status: 201, body: { id: 'f1', name: '证书.jpg' } }],
    'POST /api/auth/refresh': tokens(2),
  })
  const answer = await upload({ url: '/api/files', filePath: 'wxfile://tmp/cert.jpg', formData: { kind: 'certificate' } })
  assert.deepEqual(answer, { id: 'f1', name: '证书.jpg' })
  const sent = fake.calls('UPLOAD /api/files')
  assert.equal(sent[1].headers.Authorization, 'Bearer worker-token-2')
  assert.equal(sent[1].name, 'file')
  assert.equal(sent[1].filePath, 'wxfile://tmp/cert.jpg')
  assert.deepEqual(sent[1].formData, { kind: 'certificate' })
  assert.equal(sent[0].headers['Idempotency-Key'], sent[1].headers['Idempotency-Key'])
})

test('an upload refused with a problem shows its Chinese detail', async () => {
  const fake = device({ 'UPLOAD /api/files': problem(413, 'request.too_large', '提交的内容超过了大小限制') })
  await assert.rejects(upload({ url: '/api/files', filePath: 'wxfile://tmp/big.pdf' }), (e) => e.code === 'request.too_large')
  assert.deepEqual(fake.log.toasts, ['提交的内容超过了大小限制'])
})

test('subscription choices are reported to the API, one result per template', async () => {
  const fake = device({ 'POST /api/notifications/subscriptions': { body: { credits: { 't-1': 1 } } } }, { subscribe: 'accept' })
  assert.deepEqual(await duringTap(() => askToSubscribe(['t-1'])), { 't-1': 'accept' })
  assert.deepEqual(fake.subscribePrompts, [['t-1']])
  assert.deepEqual(fake.calls('POST /api/notifications/subscriptions')[0].body, { results: { 't-1': 'accept' } })
})

test('a refusal is reported too, and a WeChat that will not ask sends nothing and shows no error', async () => {
  let fake = device({ 'POST /api/notifications/subscriptions': { body: { credits: { 't-1': 0 } } } }, { subscribe: 'reject' })
  assert.deepEqual(await duringTap(() => askToSubscribe(['t-1'])), { 't-1': 'reject' })
  assert.deepEqual(fake.calls('POST /api/notifications/subscriptions')[0].body, { results: { 't-1': 'reject' } })

  fake = device({}, { subscribe: 'fail' })
  assert.deepEqual(await duringTap(() => askToSubscribe(['t-1'])), {})
  assert.equal(fake.requests.length, 0)
  assert.deepEqual(fake.log.toasts, [])
})
