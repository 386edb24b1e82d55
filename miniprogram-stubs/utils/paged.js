/**
 * The one pattern every list follows: a skeleton while the first page loads, a retry button when it fails (instead of
 * a blank page), pull-to-refresh, and more at the bottom with one request in flight and a footer that says
 * 加载中… / 没有更多了 / 加载失败，点此重试.
 *
 * A list page spreads `paged.data()` into its data and `paged.handlers()` into its methods (pull-to-refresh,
 * reaching the bottom, the retry button of a failed first load, the footer's retry), implements `fetchPage(n)` →
 * `{ items, total }` (a list the API sends whole answers `paged.whole(array)`), starts with
 * `onShow() { return paged.first(this) }` (or onLoad), shows the list-loading, list-failed and list-footer templates of
 * templates/states.wxml, and sets `"enablePullDownRefresh": true` in its .json (test/unit/lists.test.js checks it all).
 */

/** @typedef {'loading' | 'ready' | 'failed'} ListState */
/** @typedef {'idle' | 'loading' | 'end' | 'failed'} MoreState */

const PAGE_SIZE = 20

/** @type {WeakMap<object, { n: number, promise: Promise<boolean> }>} the request each page has in flight */
const inFlight = new WeakMap()

/** The list state for a page's data. */
function data() {
  return {
    /** @type {any[]} */
    items: [],
    total: 0,
    page: 0,
    /** @type {ListState} */
    listState: /** @type {ListState} */ ('loading'),
    /** @type {MoreState} */
    moreState: /** @type {MoreState} */ ('idle'),
    loadError: '',
  }
}

/**
 * @param {any} page
 * @param {number} n
 * @returns {Promise<boolean>} whether the page arrived
 */
async function run(page, n) {
  const firstPage = n === 1
  if (firstPage && page.data.listState !== 'ready') page.setData({ listState: 'loading', loadError: '' })
  if (!firstPage) page.setData({ moreState: 'loading' })
  try {
    const answer = await page.fetchPage(n)
    const items = firstPage ? answer.items : page.data.items.concat(answer.items)
    const end = items.length >= answer.total || answer.items.length === 0
    page.setData({ items, total: answer.total, page: n, listState: 'ready', moreState: end ? 'end' : 'idle' })
    return true
  } catch (e) {
    if (firstPage) {
      // A refresh that fails keeps what is on screen (request.js has said why); only an empty page offers the retry.
      if (page.data.listState !== 'ready') {
        page.setData({ listState: 'failed', loadError: (e && /** @type {any} */ (e).detail) || '没有加载出来，请检查网络后重试' })
      }
    } else {
      page.setData({ moreState: 'failed' })
    }
    return false
  }
}

/**
 * @param {object} page
 * @param {number} n
 */
function start(page, n) {
  const promise = run(page, n).finally(() => {
    const flying = inFlight.get(page)
    if (flying && flying.promise === promise) inFlight.delete(page)
  })
  inFlight.set(page, { n, promise })
  return promise
}

/**
 * The first page, or all of it again (a refresh keeps the items on screen until the new ones arrive). A first load
 * already in flight is not sent twice; one arriving after a load-more waits for it.
 * @param {object} page
 * @returns {Promise<boolean>}
 */
function first(page) {
  const flying = inFlight.get(page)
  if (flying && flying.n === 1) return flying.promise
  if (flying) return flying.promise.then(() => first(page))
  return start(page, 1)
}

/**
 * The next page, unless one is in flight, the first has not arrived, or there is no more.
 * @param {object} page
 * @returns {Promise<boolean> | undefined}
 */
function more(page) {
  const data = /** @type {any} */ (page).data
  if (inFlight.has(page) || data.listState !== 'ready' || data.moreState === 'end' || data.moreState === 'loading') return undefined
  return start(page, data.page + 1)
}

/**
 * Pull-to-refresh: the first page again, then the spinner goes away whatever happened.
 * @param {object} page
 */
async function refresh(page) {
  try {
    await first(page)
  } finally {
    wx.stopPullDownRefresh()
  }
}

/**
 * A list the API sends whole (my enrolments, campaigns): one page with everything.
 * @template T
 * @param {T[]} items
 * @returns {{ items: T[], total: number }}
 */
function whole(items) {
  return { items, total: items.length }
}

/** The handlers every list page has, the same on each: spread them into the page's methods. */
function handlers() {
  return {
    onPullDownRefresh() { return refresh(this) },
    onReachBottom() { return more(this) },
    onRetry() { return first(this) },
    onMore() { return more(this) },
  }
}

module.exports = { PAGE_SIZE, data, first, more, refresh, whole, handlers }
