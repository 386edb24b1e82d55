/** 认领会籍: a worker who is already a member claims the membership the union registered before. */

const { request } = require('../utils/request')

module.exports = {
  /**
   * Claims with the profile's name and ID number and the phone WeChat verified. 201 whether it linked at once
   * (`status: 'linked'`, with the membership) or waits for the union (`'pending'`).
   * @param {string} idempotencyKey the same key for every retry of this one submit
   */
  submit: (idempotencyKey) =>
    request({ url: '/api/membership/claims', method: 'POST', data: {}, idempotencyKey, quiet: ['membership.profile_incomplete'] }),
  /** The worker's claims, newest first, each with its progress. */
  mine: () => request({ url: '/api/membership/claims/mine' }),
}
