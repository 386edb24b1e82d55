/** 个人资料: the worker's profile, the separate consent for the ID number, and phone binding. */

const { request } = require('../utils/request')

const CONSENT = '/api/me/consents/sensitive-personal-information'

module.exports = {
  get: () => request({ url: '/api/me/profile' }),
  /** Replaces the whole profile: send every field, not just the changed ones. */
  update: (/** @type {any} */ profile) => request({ url: '/api/me/profile', method: 'PUT', data: profile }),
  consent: () => request({ url: CONSENT }),
  grantConsent: (/** @type {string} */ textVersion) => request({ url: CONSENT, method: 'POST', data: { textVersion } }),
  withdrawConsent: () => request({ url: CONSENT, method: 'DELETE' }),
  /** Yunnan's prefectures and their counties (县、市、区) with today's codes, for the workplace picker. */
  counties: () => request({ url: '/api/regions/counties', silent: true }),
  /** @param {string} code from `<button open-type="getPhoneNumber">` */
  bindPhone: (code) => request({ url: '/api/me/phone', method: 'POST', data: { code } }),
}
