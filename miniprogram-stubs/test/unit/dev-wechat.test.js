const test = require('node:test')
const assert = require('node:assert/strict')
const { openPage } = require('../support/harness')
const { createFakeWx } = require('../support/fake-wx')
const f = require('../support/fixtures')
const config = require('../../utils/config')

// config.wechatSimulator: clicking through in WeChat DevTools against a Development API.
test.beforeEach(() => { config.wechatSimulator = true })
test.afterEach(() => { config.wechatSimulator = false })

test('with the simulator switch on, login asks the simulator for the code and stays the same user next time', async () => {
  const device = createFakeWx({ routes: {
    'POST /wechat-sim/dev/login-code': (req) => ({ body: { code: 'sim-code', openid: (req.body && req.body.openid) || 'o-new' } }),
    'POST /api/auth/wechat-login': { body: { accessToken: 'a1', refreshToken: 'r1', expiresIn: 1800, worker: { id: 'w1' } } },
  } })
  const page = await openPage(device, 'pages/login/login')
  await page.trigger('.agree-terms', 'change', { value: ['agree'] })
  await page.tap('.login-button')
  device.wx.removeStorageSync('changai.session.worker')
  await page.tap('.login-button')
  assert.deepEqual(device.calls('POST /wechat-sim/dev/login-code').map((r) => r.body), [{}, { openid: 'o-new' }])
  assert.deepEqual(device.calls('POST /api/auth/wechat-login').map((r) => r.body), [{ code: 'sim-code' }, { code: 'sim-code' }])
})

test('with the simulator switch on, the phone number typed in is verified by the simulator', async () => {
  const device = createFakeWx({
    routes: {
      'GET /api/me/profile': { body: f.profile() },
      'GET /api/me/consents/sensitive-personal-information': { body: f.consent(false) },
      'POST /wechat-sim/dev/phone-code': { body: { code: 'sim-phone-code' } },
      'POST /api/me/phone': { body: { phoneMasked: '139****0000' } },
      'GET /api/regions/counties': { body: f.counties() },
    },
    modalAnswers: [{ confirm: true, content: '13987650000' }],
  })
  device.loggedIn('worker')
  device.wx.setStorageSync('changai.dev.openid', 'o-1')
  const page = await openPage(device, 'pages/profile/profile')
  await page.trigger('.bind-phone', 'getphonenumber', { errMsg: 'getPhoneNumber:fail no permission' })
  assert.deepEqual(device.calls('POST /wechat-sim/dev/phone-code')[0].body, { phoneNumber: '13987650000', openid: 'o-1' })
  assert.deepEqual(device.calls('POST /api/me/phone')[0].body, { code: 'sim-phone-code' })
  assert.equal(page.text('.phone-masked'), '139****0000')
})

test('the switch is off in the committed config', () => {
  delete require.cache[require.resolve('../../utils/config')]
  assert.equal(require('../../utils/config').wechatSimulator, false)
})
