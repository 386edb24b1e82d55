/** 消息: the inbox every notification lands in, whether or not WeChat delivered it. Works for workers and officers. */

const { request } = require('../utils/request')

/** @typedef {import('../utils/session').Role} Role */

module.exports = {
  /** @param {number} page @param {Role} [role] */
  inbox: (page, role) => request({ url: '/api/notifications/inbox', data: { page, pageSize: 20 }, role }),
  /** @param {Role} [role] */
  unreadCount: (role) => request({ url: '/api/notifications/unread-count', role, silent: true }),
  /** @param {string} id @param {Role} [role] */
  markRead: (id, role) => request({ url: '/api/notifications/' + id + '/read', method: 'POST', data: {}, role }),
  /** @param {Role} [role] */
  markAllRead: (role) => request({ url: '/api/notifications/read-all', method: 'POST', data: {}, role }),
}
