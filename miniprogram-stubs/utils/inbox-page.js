/**
 * 消息: the inbox page, for a worker (the 消息 tab, pages/notifications/inbox) and for an officer
 * (pages/officer/inbox, where the officers' reminders and digests land). Every notification is here whether or not
 * WeChat delivered it; opening one marks it read and follows its link.
 */

const notificationsApi = require('../api/notifications')
const format = require('./format')
const nav = require('./nav')
const paged = require('./paged')
const session = require('./session')

/**
 * @param {{ role: import('./session').Role, tabIndex: number | null }} options `tabIndex`: where the unread badge goes
 */
function inboxPage({ role, tabIndex }) {
  /** @param {number} count */
  function badge(count) {
    if (tabIndex === null) return
    if (count > 0) wx.setTabBarBadge({ index: tabIndex, text: count > 99 ? '99+' : String(count), fail: () => {} })
    else wx.removeTabBarBadge({ index: tabIndex, fail: () => {} })
  }

  return {
    data: Object.assign(paged.data(), { unreadCount: 0, officer: role === 'officer' }),
    methods: {
      ...paged.handlers(),
      onShow() {
        if (role === 'officer' && !session.get('officer')) {
          wx.redirectTo({ url: '/pages/officer/login' })
          return undefined
        }
        return paged.first(this)
      },

      /** @param {number} n */
      async fetchPage(n) {
        const self = /** @type {any} */ (this)
        const answer = await notificationsApi.inbox(n, role)
        self.showUnread(answer.unreadCount)
        return {
          items: answer.items.map((/** @type {any} */ item) => Object.assign({}, item, { createdText: format.dateTime(item.createdAt) })),
          total: answer.total,
        }
      },

      /** @param {number} count */
      showUnread(count) {
        const self = /** @type {any} */ (this)
        self.setData({ unreadCount: count })
        badge(count)
      },

      /** @param {any} e */
      async onOpen(e) {
        const self = /** @type {any} */ (this)
        const index = self.data.items.findIndex((/** @type {any} */ n) => n.id === e.currentTarget.dataset.id)
        const item = self.data.items[index]
        if (!item.readAt) {
          try {
            await notificationsApi.markRead(item.id, role)
            self.setData({ ['items[' + index + '].readAt']: new Date().toISOString() })
            self.showUnread(Math.max(0, self.data.unreadCount - 1))
          } catch (err) { /* shown; still open the page */ }
        }
        if (item.page) nav.go('/' + item.page)
      },

      async onReadAll() {
        const self = /** @type {any} */ (this)
        try {
          await notificationsApi.markAllRead(role)
          const now = new Date().toISOString()
          self.setData({ items: self.data.items.map((/** @type {any} */ n) => Object.assign({}, n, { readAt: n.readAt || now })) })
          self.showUnread(0)
        } catch (e) { /* shown */ }
      },
    },
  }
}

module.exports = { inboxPage }
