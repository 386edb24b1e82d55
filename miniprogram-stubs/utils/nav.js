/** Opening pages by path, whether they are tab pages or not (notification links name either kind). */

const TAB_PAGES = ['pages/index/index', 'pages/notifications/inbox', 'pages/mine/mine']

/**
 * @param {string} url e.g. `/pages/membership/status?id=…` or `pages/notifications/inbox`
 */
function go(url) {
  const absolute = url.charAt(0) === '/' ? url : '/' + url
  const path = absolute.slice(1).split('?')[0]
  if (TAB_PAGES.indexOf(path) >= 0) {
    wx.switchTab({ url: '/' + path })
  } else {
    wx.navigateTo({ url: absolute })
  }
}

/** @param {string} url */
function replace(url) {
  const path = url.replace(/^\//, '').split('?')[0]
  if (TAB_PAGES.indexOf(path) >= 0) {
    wx.switchTab({ url: '/' + path })
  } else {
    wx.redirectTo({ url })
  }
}

module.exports = { go, replace, TAB_PAGES }
