/** 入会审核: what an officer sees and decides, always with the officer's own session. */

const { request } = require('../utils/request')
const { queryEnum } = require('./membership')

const BASE = '/api/officer/membership/applications'

module.exports = {
  /**
   * The review queue; without `status` the API lists those waiting for a decision, oldest first.
   * @param {{ status?: string, page?: number, pageSize?: number, sort?: string }} query
   */
  applications: (query) => request({ url: BASE, role: 'officer', data: Object.assign({}, query, { status: queryEnum(query.status) }) }),
  /** @param {string} id */
  application: (id) => request({ url: BASE + '/' + id, role: 'officer' }),
  /** @param {string} id @param {string} [comment] */
  approve: (id, comment) => request({ url: BASE + '/' + id + '/approve', method: 'POST', role: 'officer', data: { comment: comment || null } }),
  /** @param {string} id @param {string} reason */
  reject: (id, reason) => request({ url: BASE + '/' + id + '/reject', method: 'POST', role: 'officer', data: { reason } }),
  /** @param {string} id @param {string} reason */
  returnForCorrection: (id, reason) => request({ url: BASE + '/' + id + '/return', method: 'POST', role: 'officer', data: { reason } }),
}
