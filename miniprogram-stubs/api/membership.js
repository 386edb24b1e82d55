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
  /**
   * Checks a scanned e-card: valid or not (with why), the masked name, union and number.
   * @param {string} token @param {import('../utils/session').Role} [role]
   */
  verifyCard: (token, role) => request({ url: '/api/membership/card/verify', method: 'POST', data: { token }, role }),
  myTransfers: () => request({ url: '/api/membership/transfers/mine' }),
  /**
   * 会籍转移: a member who changed jobs asks to move to the new workplace's union.
   * @param {{ toUnionId: string, reason: string }} transfer @param {string} idempotencyKey
   */
  requestTransfer: (transfer, idempotencyKey) => request({ url: '/api/membership/transfers', method: 'POST', data: transfer, idempotencyKey }),
  /** @param {string} id a pending transfer */
  withdrawTransfer: (id) => request({ url: '/api/membership/transfers/' + id + '/withdraw', method: 'POST', data: {} }),
  queryEnum,
}
