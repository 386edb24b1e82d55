/** 补贴申请: programmes, my applications (draft, attachments, submit, timeline) and the officers' review. */

const { request, upload } = require('../utils/request')

const OFFICER = '/api/officer/subsidies/applications'

module.exports = {
  programs: () => request({ url: '/api/subsidies/programs' }),
  certificates: () => request({ url: '/api/subsidies/certificates' }),
  mine: () => request({ url: '/api/subsidies/applications/mine' }),
  /** @param {string} programId @param {string} idempotencyKey */
  start: (programId, idempotencyKey) => request({ url: '/api/subsidies/applications', method: 'POST', data: { programId }, idempotencyKey }),
  /** @param {string} id */
  detail: (id) => request({ url: '/api/subsidies/applications/' + id }),
  /** @param {string} id @param {Record<string, any>} fields */
  fill: (id, fields) => request({ url: '/api/subsidies/applications/' + id, method: 'PUT', data: fields }),
  /**
   * @param {string} id
   * @param {string} documentCode which required document this file is
   * @param {string} filePath a local path from wx.chooseMedia
   * @param {string} idempotencyKey
   */
  attach: (id, documentCode, filePath, idempotencyKey) =>
    upload({ url: '/api/subsidies/applications/' + id + '/attachments?documentCode=' + encodeURIComponent(documentCode), filePath, name: 'file', idempotencyKey }),
  /** @param {string} id @param {string} attachmentId */
  removeAttachment: (id, attachmentId) => request({ url: '/api/subsidies/applications/' + id + '/attachments/' + attachmentId, method: 'DELETE', data: {} }),
  /** @param {string} id @param {string} idempotencyKey */
  submit: (id, idempotencyKey) => request({ url: '/api/subsidies/applications/' + id + '/submit', method: 'POST', data: {}, idempotencyKey }),
  /** @param {string} id */
  withdraw: (id) => request({ url: '/api/subsidies/applications/' + id + '/withdraw', method: 'POST', data: {} }),

  officer: {
    /** @param {{ view?: 'queue' | 'all', page?: number, pageSize?: number }} query */
    applications: (query) => request({ url: OFFICER, role: 'officer', data: query }),
    /** @param {string} id */
    application: (id) => request({ url: OFFICER + '/' + id, role: 'officer' }),
    /** @param {string} id @param {string} [comment] */
    approve: (id, comment) => request({ url: OFFICER + '/' + id + '/approve', method: 'POST', role: 'officer', data: { comment: comment || null } }),
    /** @param {string} id @param {string} reason */
    reject: (id, reason) => request({ url: OFFICER + '/' + id + '/reject', method: 'POST', role: 'officer', data: { reason } }),
    /** @param {string} id @param {string} reason */
    returnForCorrection: (id, reason) => request({ url: OFFICER + '/' + id + '/return', method: 'POST', role: 'officer', data: { reason } }),
  },
}
