const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const nav = require('../../utils/nav')

const ROOT = path.join(__dirname, '../..')
const REPO = path.join(ROOT, '..')
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8')

function filesUnder(dir, ext) {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true })
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(dir, f))
}

test('every page in app.json has its script, template and Component-style config', () => {
  for (const page of app.pages) {
    for (const ext of ['.js', '.wxml', '.json']) {
      assert.ok(fs.existsSync(path.join(ROOT, page + ext)), `${page}${ext} is missing`)
    }
    // Pages are built with Component(), which WeChat only allows when the page config declares usingComponents.
    assert.ok(JSON.parse(read(page + '.json')).usingComponents, `${page}.json needs "usingComponents"`)
    assert.match(read(page + '.js'), /^Component\(/m, `${page}.js should define the page with Component()`)
  }
})

test('every page a server notification links to exists in the app', () => {
  // Pages named by the API's notifications (the `page` of an inbox item and of a WeChat subscribe message).
  const linked = new Set()
  for (const file of fs.readdirSync(path.join(REPO, 'src'), { recursive: true }).filter((f) => f.endsWith('.cs'))) {
    const source = fs.readFileSync(path.join(REPO, 'src', file), 'utf8')
    for (const match of source.matchAll(/"(pages\/[A-Za-z0-9_/-]+)/g)) linked.add(match[1])
  }
  const settings = JSON.parse(fs.readFileSync(path.join(REPO, 'src/Api/appsettings.Development.json'), 'utf8'))
  settings.WeChat.Simulator.Pages.forEach((p) => linked.add(p))
  assert.ok(linked.size >= 3, 'expected to find the membership and inbox pages the server links to')
  for (const page of linked) {
    assert.ok(app.pages.includes(page), `the server links to ${page}, which the mini-program does not have`)
  }
})

test('the tab bar and the navigation helper agree on which pages are tabs', () => {
  assert.deepEqual(app.tabBar.list.map((t) => t.pagePath).sort(), nav.TAB_PAGES.slice().sort())
})

test('type stays large: no font smaller than 30rpx (15px) anywhere', () => {
  for (const file of ['app.wxss', ...filesUnder('pages', '.wxss'), ...filesUnder('pages', '.wxml')]) {
    for (const match of read(file).matchAll(/font-size:\s*([\d.]+)(rpx|px)/g)) {
      const rpx = match[2] === 'px' ? Number(match[1]) * 2 : Number(match[1])
      assert.ok(rpx >= 30, `${file}: font-size ${match[1]}${match[2]} is too small`)
    }
  }
  assert.match(read('app.wxss'), /page\s*\{[^}]*font-size:\s*36rpx/, 'body text is 36rpx')
})

test('every button says what it does', () => {
  for (const file of filesUnder('pages', '.wxml')) {
    for (const match of read(file).matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)) {
      assert.ok(match[2].trim() || /aria-label=/.test(match[1]), `${file}: a button without text or aria-label`)
    }
  }
})

test('the mini-program package leaves out the tests and node_modules', () => {
  const config = JSON.parse(read('project.config.json'))
  const ignored = config.packOptions.ignore.map((i) => i.value)
  for (const item of ['node_modules', 'test', 'package.json', 'package-lock.json']) assert.ok(ignored.includes(item), item)
})

test('every page is opened by a miniprogram-simulate test', () => {
  const tests = fs.readdirSync(path.join(ROOT, 'test/unit')).filter((f) => f.endsWith('.js')).map((f) => read('test/unit/' + f)).join('\n')
  for (const page of app.pages) {
    assert.match(tests, new RegExp(`openPage\\([^)]*'/?${page}[?']`), `no unit test opens ${page}`)
  }
})

test('every picker is a tap target of at least 88rpx: the picker itself and the text inside it', () => {
  const wxss = read('app.wxss')
  const minHeight = (rule) => Number((new RegExp(rule + '\\s*\\{[^}]*min-height:\\s*(\\d+)rpx').exec(wxss) || [])[1])
  assert.ok(minHeight('\\npicker') >= 88, 'picker { min-height } in app.wxss')
  assert.ok(minHeight('\\.picker') >= 88, '.picker { min-height } in app.wxss')
  for (const file of filesUnder('pages', '.wxml')) {
    for (const match of read(file).matchAll(/<picker\b[^>]*>\s*<view class="([^"]*)"/g)) {
      assert.ok(match[1].split(/\s+/).includes('picker'), `${file}: a picker's text should have class "picker" (${match[1]})`)
    }
  }
})

test('no worker types a code: the workplace county is picked, industry and employment form by their Chinese names', () => {
  const profile = read('pages/profile/profile.wxml')
  assert.doesNotMatch(profile, /county-code|区划代码/)
  assert.match(profile, /<picker class="county" mode="multiSelector"/)
  assert.match(profile, /<picker class="industry" range="{{industrySections}}" range-key="label"/)
  assert.match(profile, /<picker class="employment-form" range="{{employmentForms}}" range-key="label"/)
})


test('no page is blank while it loads: a page shown only once its data is there has a skeleton until then', () => {
  for (const page of app.pages) {
    const wxml = read(page + '.wxml')
    if (/<view class="page" wx:if=/.test(wxml)) {
      assert.match(wxml, /<template is="page-loading" wx:if=/, `${page} shows nothing until it has loaded: add templates/states.wxml's page-loading`)
    }
  }
})
