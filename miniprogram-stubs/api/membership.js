/** 入会与会籍: finding a union, applying, progress, the e-card and transfers. */

const { request } = require('../utils/request')

/**
 * An enum for a query string. The API's JSON and OpenAPI spell enums in camelCase (`employerUnion`), but its query
 * binder only accepts the C# name (`EmployerUnion`) and answers 400 to the documented spelling. PascalCase works with
 * today's binder and with a case-insensitive one, so this can stay until the API is fixed.
 * @param {string | undefined} value
 */
function queryEnum(value) {
  return value ? value.charAt(0).toUpperCase() + value.slice(1) : value
}

module.exports = {
  /** @param {{ keyword?: string, regionCode?: string, channel?: string, page?: number, pageSize?: number }} query */
  searchUnions: (query) => request({ url: '/api/unions', data: Object.assign({}, query, { channel: queryEnum(query.channel) }) }),
  /**
   * @param {{ unionId: string, channel: string, note?: string }} application
   * @param {string} idempotencyKey the same key for every retry of this one submit
   */
  apply: (application, idempotencyKey) =>
    request({ url: '/api/membership/applications', method: 'POST', data: application, idempotencyKey, quiet: ['membership.profile_incomplete'] }),
  /** @param {string} id @param {{ unionId: string, channel: string, note?: string }} application @param {string} idempotencyKey */
  resubmit: (id, application, idempotencyKey) =>
    request({ url: '/api/membership/applications/' + id, method: 'PUT', data: application, idempotencyKey, quiet: ['membership.profile_incomplete'] }),
  mine: () => request({ url: '/api/membership/applications/mine' }),
  /** @param {string} id */
  withdraw: (id) => request({ url: '/api/membership/applications/' + id + '/withdraw', method: 'POST', data: {} }),
  /** 404 `membership.not_member` until an application is approved; the card page says so itself. */
  card: () => request({ url: '/api/membership/card', quiet: ['membership.not_member'] }),
  /** @param {string} token */
  verifyCard: (token) => request({ url: '/api/membership/card/verify', method: 'POST', data: { token } }),
  myTransfers: () => request({ url: '/api/membership/transfers/mine' }),
  queryEnum,
}
