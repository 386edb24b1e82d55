/** 个人信息权利: a copy of my data and cancelling the account (PIPL arts. 45 and 47). */

const { request } = require('../utils/request')

const CANCELLATION = '/api/me/account/cancellation'

module.exports = {
  /** Everything the server holds about me, as titled sections of labelled lines, and the same as plain text. */
  dataCopy: () => request({ url: '/api/me/data-copy' }),
  /** What cancelling would erase and keep, what happens to the membership, and anything that stops it now. */
  cancellation: () => request({ url: CANCELLATION }),
  cancel: () => request({ url: CANCELLATION, method: 'POST', data: { confirm: true } }),
}
