const notificationsApi = require('../../api/notifications')
const format = require('../../utils/format')
const nav = require('../../utils/nav')

/** Index of this page in app.json's tabBar, for the unread badge. */
const TAB_INDEX = 1

Component({
  data: {
    loaded: false,
    /** @type {any[]} */
    items: [],
    total: 0,
    page: 1,
    unreadCount: 0,
  },
  methods: {
    onShow() {
      return this.load(1)
    },

    async onPullDownRefresh() {
      await this.load(1)
      wx.stopPullDownRefresh()
    },

    onReachBottom() {
      if (this.data.items.length < this.data.total) {
        return this.load(this.data.page + 1)
      }
    },

    /** @param {number} page */
    async load(page) {
      try {
        const answer = await notificationsApi.inbox(page)
        const fresh = answer.items.map((/** @type {any} */ n) => Object.assign({}, n, { createdText: format.dateTime(n.createdAt) }))
        this.setData({
          loaded: true,
          items: page === 1 ? fresh : this.data.items.concat(fresh),
          total: answer.total,
          page,
        })
        this.showUnread(answer.unreadCount)
      } catch (e) { /* shown */ }
    },

    /** @param {number} count */
    showUnread(count) {
      this.setData({ unreadCount: count })
      if (count > 0) {
        wx.setTabBarBadge({ index: TAB_INDEX, text: count > 99 ? '99+' : String(count), fail: () => {} })
      } else {
        wx.removeTabBarBadge({ index: TAB_INDEX, fail: () => {} })
      }
    },

    /** @param {any} e */
    async onOpen(e) {
      const index = this.data.items.findIndex((n) => n.id === e.currentTarget.dataset.id)
      const item = this.data.items[index]
      if (!item.readAt) {
        try {
          await notificationsApi.markRead(item.id)
          this.setData({ ['items[' + index + '].readAt']: new Date().toISOString() })
          this.showUnread(Math.max(0, this.data.unreadCount - 1))
        } catch (err) { /* shown; still open the page */ }
      }
      if (item.page) {
        nav.go('/' + item.page)
      }
    },

    async onReadAll() {
      try {
        await notificationsApi.markAllRead()
        const now = new Date().toISOString()
        this.setData({ items: this.data.items.map((n) => Object.assign({}, n, { readAt: n.readAt || now })) })
        this.showUnread(0)
      } catch (e) { /* shown */ }
    },
  },
})
