/**
 * What a release build is: the files WeChat DevTools packs (project.config.json packOptions.ignore leaves out tests,
 * tools and the dev-only simulator code), the API address chosen by the build (develop / trial / release), the tab bar
 * icons, and the update prompt.
 */

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const Module = require('node:module')
const { createFakeWx } = require('../support/fake-wx')
const { settle, openPage } = require('../support/harness')
const f = require('../support/fixtures')

const ROOT = path.join(__dirname, '../..')
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8')
const app = JSON.parse(read('app.json'))
const project = JSON.parse(read('project.config.json'))

/** Whether DevTools leaves a file out, by the packOptions.ignore rules (folder, file, suffix, prefix; case-insensitive). */
function ignored(file) {
  const lower = file.toLowerCase()
  return project.packOptions.ignore.some((rule) => {
    const value = rule.value.toLowerCase().replace(/^\.?\//, '')
    switch (rule.type) {
      case 'folder': return lower === value || lower.startsWith(value + '/')
      case 'file': return lower === value
      case 'suffix': return lower.endsWith(value)
      case 'prefix': return path.basename(lower).startsWith(value)
      default: throw new Error('a rule type this test does not know: ' + rule.type)
    }
  })
}

/** Every file of the project that would go into the uploaded package. */
function releaseFiles() {
  const files = []
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const file = dir ? dir + '/' + entry.name : entry.name
      if (entry.isDirectory()) {
        if (!ignored(file)) walk(file)
      } else if (!ignored(file)) {
        files.push(file)
      }
    }
  }
  walk('')
  return files
}

test('release package: tests, tools, npm files and the dev-only WeChat simulator code are left out; every page is in', () => {
  const files = releaseFiles()
  for (const left of ['utils/dev-wechat.js', 'tools/make-tab-icons.js', 'package.json', 'package-lock.json', 'jsconfig.json', 'README.md']) {
    assert.ok(!files.includes(left), left + ' must not ship')
  }
  assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('node_modules/')), 'no tests or node_modules')
  for (const page of app.pages) {
    for (const ext of ['.js', '.json', '.wxml']) assert.ok(files.includes(page + ext), page + ext + ' ships')
  }
  for (const tab of app.tabBar.list) {
    assert.ok(files.includes(tab.iconPath) && files.includes(tab.selectedIconPath), tab.text + ' icons ship')
  }
  assert.ok(files.includes('components/privacy-popup/privacy-popup.js'))
  assert.ok(files.includes('templates/states.wxml'))
})

test('release package: every module shipped code requires at load is shipped too (the simulator code is only required in DevTools)', () => {
  const files = new Set(releaseFiles())
  for (const file of [...files].filter((f) => f.endsWith('.js'))) {
    const source = read(file)
    for (const match of source.matchAll(/require\('(\.{1,2}\/[^']+)'\)/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1])) + (match[1].endsWith('.js') ? '' : '.js')
      if (files.has(target)) continue
      // The one file left out may only be required inside a branch taken when config.wechatSimulator is on.
      const line = source.slice(0, match.index).split('\n').length
      const around = source.split('\n').slice(Math.max(0, line - 4), line).join('\n')
      assert.equal(target, 'utils/dev-wechat.js', `${file} requires ${target}, which does not ship`)
      assert.match(around, /config\.wechatSimulator/, `${file}:${line} requires the simulator code outside a config.wechatSimulator branch`)
    }
  }
})

test('release build: with the simulator code missing, as on a phone, logging in and binding the phone still work', async () => {
  const originalLoad = Module._load
  Module._load = function (request, parent, isMain) {
    if (/dev-wechat$/.test(request)) throw new Error('utils/dev-wechat.js is not in the package')
    return originalLoad.call(this, request, parent, isMain)
  }
  try {
    const device = createFakeWx({ routes: {
      'POST /api/auth/wechat-login': { body: { accessToken: 'a1', refreshToken: 'r1', expiresIn: 1800, worker: { id: 'w1' } } },
      'GET /api/me/profile': { body: f.profile() },
      'GET /api/me/consents/sensitive-personal-information': { body: f.consent(false) },
      'GET /api/regions/counties': { body: f.counties() },
      'POST /api/me/phone': { body: { phoneMasked: '139****0000' } },
    }, envVersion: 'release' })
    global.wx = device.wx
    delete require.cache[require.resolve('../../utils/auth')]
    const auth = require('../../utils/auth')
    const worker = await auth.loginWorker()
    assert.equal(worker.id, 'w1')
    assert.deepEqual(device.calls('POST /api/auth/wechat-login')[0].body, { code: 'login-code-1' })

    const profile = await openPage(device, 'pages/profile/profile')
    await profile.trigger('.bind-phone', 'getphonenumber', { code: 'phone-code-1', errMsg: 'getPhoneNumber:ok' })
    assert.deepEqual(device.calls('POST /api/me/phone')[0].body, { code: 'phone-code-1' })
  } finally {
    Module._load = originalLoad
    delete require.cache[require.resolve('../../utils/auth')]
  }
})

/** utils/config.js as it loads on a phone running the given build. */
function configFor(envVersion, platform = 'android') {
  const device = createFakeWx({ routes: {}, envVersion })
  device.wx.getDeviceInfo = () => ({ platform })
  const previous = global.wx
  global.wx = device.wx
  const file = require.resolve('../../utils/config')
  const cached = require.cache[file]
  delete require.cache[file]
  try {
    return require('../../utils/config')
  } finally {
    require.cache[file] = cached
    global.wx = previous
  }
}

test('the API address follows the build: develop the local embedded default, trial and release their HTTPS servers, from one file', () => {
  const develop = configFor('develop')
  const trial = configFor('trial')
  const release = configFor('release')
  assert.equal(develop.env, 'develop')
  assert.equal(develop.baseUrl, develop.ENVIRONMENTS.develop.baseUrl)
  assert.equal(trial.baseUrl, trial.ENVIRONMENTS.trial.baseUrl)
  assert.equal(release.baseUrl, release.ENVIRONMENTS.release.baseUrl)
  assert.match(trial.baseUrl, /^https:\/\//)
  assert.match(release.baseUrl, /^https:\/\//)
  assert.notEqual(trial.baseUrl, release.baseUrl)
  assert.equal(configFor(undefined).env, 'develop', 'the test wx says develop unless told')
  const unknown = createFakeWx({ routes: {} })
  unknown.wx.getAccountInfoSync = () => { throw new Error('not supported') }
  global.wx = unknown.wx
  delete require.cache[require.resolve('../../utils/config')]
  assert.equal(require('../../utils/config').env, 'release', 'a build that cannot say is treated as release')
  delete require.cache[require.resolve('../../utils/config')]
})

test('the simulator switch can only take effect in the develop build inside DevTools', () => {
  for (const [env, platform] of [['release', 'devtools'], ['trial', 'devtools'], ['develop', 'android'], ['develop', 'ios']]) {
    const config = configFor(env, platform)
    assert.equal(config.wechatSimulator, false, env + ' on ' + platform)
  }
})

test('tab bar: 首页 / 消息 / 我的, each with its own 81×81 PNG icons (under WeChat\'s 40 KB), drawn by tools/make-tab-icons.js', () => {
  const { draw } = require('../../tools/make-tab-icons')
  const drawn = draw()
  assert.deepEqual(app.tabBar.list.map((t) => t.text), ['首页', '消息', '我的'])
  for (const tab of app.tabBar.list) {
    for (const icon of [tab.iconPath, tab.selectedIconPath]) {
      const bytes = fs.readFileSync(path.join(ROOT, icon))
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], icon + ' is a PNG')
      assert.equal(bytes.readUInt32BE(16), 81, icon + ' width')
      assert.equal(bytes.readUInt32BE(20), 81, icon + ' height')
      assert.ok(bytes.length < 40 * 1024, icon + ' is small')
      assert.ok(drawn[path.basename(icon)].equals(bytes), icon + ' is what the script draws (run node tools/make-tab-icons.js)')
    }
    assert.notEqual(tab.iconPath, tab.selectedIconPath)
  }
})

test('update prompt: when WeChat has downloaded a new version, the person is asked, and only a yes restarts into it', async () => {
  let options = null
  global.App = (o) => { options = o }
  delete require.cache[require.resolve('../../app')]
  require('../../app')
  const device = createFakeWx({ routes: {}, modalAnswers: [false, true] })
  global.wx = device.wx
  options.onLaunch()
  device.updates.ready()
  await settle(device)
  assert.equal(device.updates.applied, 0, 'not without a yes')
  assert.deepEqual(device.log.modals.map((m) => m.title), ['有新版本'])
  device.updates.ready()
  await settle(device)
  assert.equal(device.updates.applied, 1)
  device.updates.failed()
  assert.match(device.log.toasts[0], /新版本下载没有成功/)
})
