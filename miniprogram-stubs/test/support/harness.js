/**
 * Opens mini-program pages in Tencent's miniprogram-simulate (real WXML compiled by the official compiler, rendered
 * by j-component on jsdom) and drives them the way a person does: tap, type, pick. Works with any `device`: the
 * route-table fake `wx` of the unit tests or the real-HTTP shim of the end-to-end run.
 *
 * A device is `{ wx, pending() }`; `pending()` counts wx calls whose callbacks have not run yet.
 */

require('./dom')
const path = require('path')
const simulate = require('miniprogram-simulate')

const gesture = require('./gesture')

const ROOT = path.resolve(__dirname, '../..')

/** Promises returned by page methods (handlers are async) that have not settled yet. */
const inflight = new Set()
/** Errors a page handler let escape: a test fails on them. */
const escaped = []

// Page handlers return promises that WeChat ignores; keeping track of them tells a test when a tap has been fully
// handled, without sleeping for a guessed time. A handler called for a tap counts as a tap gesture for as long as its
// synchronous part runs (until its first await), which is when WeChat allows wx.requestSubscribeMessage.
const simulateComponent = global.Component
global.Component = (options) => {
  const methods = {}
  Object.keys(options.methods || {}).forEach((name) => {
    const method = options.methods[name]
    methods[name] = function (...args) {
      const tap = Boolean(args[0] && typeof args[0] === 'object' && args[0].type === 'tap')
      if (tap) gesture.depth++
      let result
      try {
        result = method.apply(this, args)
      } finally {
        if (tap) gesture.depth--
      }
      if (result && typeof result.then === 'function') {
        // fetchPage is called by utils/paged.js, which turns its failure into the list's failed state.
        const tracked = Promise.resolve(result)
          .catch((error) => { if (name !== 'fetchPage') escaped.push(error) })
          .finally(() => inflight.delete(tracked))
        inflight.add(tracked)
      }
      return result
    }
  })
  return simulateComponent(Object.assign({}, options, { methods }))
}

/**
 * Waits until no page handler and no wx callback is outstanding.
 * @param {{ pending(): number }} device
 * @param {number} [timeoutMs]
 */
async function settle(device, timeoutMs = 30000) {
  const started = Date.now()
  let quietTurns = 0
  while (quietTurns < 3) {
    await new Promise((resolve) => setTimeout(resolve, 1))
    // A handler held by the privacy pop-up waits for the person: the test answers it next.
    const waitingForPerson = Boolean(device.privacy && device.privacy.waiting > 0)
    quietTurns = (inflight.size === 0 || waitingForPerson) && device.pending() === 0 ? quietTurns + 1 : 0
    if (Date.now() - started > timeoutMs) {
      throw new Error(`page still busy after ${timeoutMs} ms (${inflight.size} handlers, ${device.pending()} wx calls)`)
    }
  }
  if (escaped.length) {
    throw escaped.splice(0)[0]
  }
  const broken = typeof device.violations === 'function' ? device.violations() : []
  if (broken.length) {
    throw new Error('a WeChat rule was broken: ' + broken.join('; '))
  }
}

class PageDriver {
  /**
   * @param {string} route e.g. pages/membership/apply
   * @param {any} component miniprogram-simulate's rendered component
   * @param {{ wx: any, pending(): number }} device
   */
  constructor(route, component, device) {
    this.route = route
    this.component = component
    this.device = device
  }

  get data() {
    return this.component.instance.data
  }

  get instance() {
    return this.component.instance
  }

  use() {
    global.wx = this.device.wx
  }

  /** Calls a page method (a lifecycle such as onShow or onReachBottom) and waits for it. */
  async call(name, ...args) {
    this.use()
    const result = this.component.instance[name](...args)
    await settle(this.device)
    return result
  }

  /**
   * The same driver for a custom component on this page (the privacy pop-up), whose own elements a page's selectors
   * do not reach.
   * @param {string} selector
   */
  inside(selector) {
    return new PageDriver(this.route + ' ' + selector, this.find(selector), this.device)
  }

  /**
   * @param {string} selector a class or id selector
   * @param {string} [text] the element must contain this text (to pick one of a list)
   */
  find(selector, text) {
    const found = this.component.querySelectorAll(selector).filter((c) => text === undefined || c.dom.textContent.includes(text))
    if (found.length === 0) {
      throw new Error(`${this.route}: nothing matches ${selector}${text === undefined ? '' : ` containing "${text}"`}\n${this.component.dom.textContent.replace(/\s+/g, ' ')}`)
    }
    return found[0]
  }

  exists(selector, text) {
    return this.component.querySelectorAll(selector).some((c) => text === undefined || c.dom.textContent.includes(text))
  }

  /**
   * An attribute as the template set it (built-in components such as input keep theirs off the DOM).
   * @returns {any} undefined when not set
   */
  attr(selector, name) {
    const found = (this.find(selector).toJSON().attrs || []).find((a) => a.name === name)
    return found ? found.value : undefined
  }

  /** @returns {string} the visible text of the first match */
  text(selector) {
    return this.find(selector).dom.textContent.replace(/\s+/g, ' ').trim()
  }

  texts(selector) {
    return this.component.querySelectorAll(selector).map((c) => c.dom.textContent.replace(/\s+/g, ' ').trim())
  }

  /** All the text on the page, as one line. */
  get screen() {
    return this.component.dom.textContent.replace(/\s+/g, ' ').trim()
  }

  async tap(selector, text) {
    return this.trigger(selector, 'tap', {}, text)
  }

  /** Taps the `index`-th element matching `selector` (one row of a list, picked by what the page holds). */
  async tapAt(selector, index) {
    this.use()
    const found = this.component.querySelectorAll(selector)
    if (!found[index]) throw new Error(`${this.route}: no ${selector} number ${index} (${found.length} found)`)
    found[index].dispatchEvent('tap', { detail: {} })
    await settle(this.device)
  }

  async input(selector, value) {
    return this.trigger(selector, 'input', { value })
  }

  /**
   * Dispatches a component event. Two are played as WeChat plays them: agreeprivacyauthorization tells WeChat which
   * agree button was tapped; getphonenumber first passes the privacy check (the pop-up may have to be answered: the
   * event follows once it is), and fails with WeChat's error when the person disagrees.
   */
  async trigger(selector, event, detail, text) {
    this.use()
    const element = this.find(selector, text)
    if (event === 'agreeprivacyauthorization' && this.device.privacy) {
      this.device.privacy.tappedButton = this.attr(selector, 'id') || ''
    }
    if (event === 'getphonenumber' && this.device.privacyGate) {
      this.device.privacyGate('button.getPhoneNumber').then((allowed) => {
        this.use()
        element.dispatchEvent(event, { detail: allowed ? detail : { errMsg: 'getPhoneNumber:fail privacy permission is not authorized' } })
      })
    } else {
      element.dispatchEvent(event, { detail })
    }
    await settle(this.device)
  }

  close() {
    this.use()
    if (typeof this.component.instance.onUnload === 'function') this.component.instance.onUnload()
    this.component.detach()
  }
}

/**
 * Opens a page as WeChat does: onLoad with the query, then onShow; resolves when both have finished.
 * @param {{ wx: any, pending(): number }} device
 * @param {string} url `pages/x/y`, or `/pages/x/y?id=1` as the app navigates
 * @param {{ beforeSettle?: (page: PageDriver) => void }} [options] `beforeSettle` sees the page as it is while its
 *   first requests are on the way (a skeleton, not a blank page)
 */
async function openPage(device, url, options = {}) {
  const [route, search] = url.replace(/^\//, '').split('?')
  const query = Object.fromEntries(new URLSearchParams(search || ''))
  global.wx = device.wx
  const id = simulate.load(path.join(ROOT, route), { rootPath: ROOT })
  const component = simulate.render(id)
  const parent = document.createElement('parent-wrapper')
  document.body.appendChild(parent)
  component.attach(parent)
  const page = new PageDriver(route, component, device)
  const instance = component.instance
  if (typeof instance.onLoad === 'function') instance.onLoad(query)
  if (typeof instance.onShow === 'function') instance.onShow()
  component.triggerPageLifeTime('show')
  if (options.beforeSettle) options.beforeSettle(page)
  await settle(device)
  return page
}

module.exports = { openPage, settle, ROOT, PageDriver }
