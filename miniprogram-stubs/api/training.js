/** 技能培训: courses, enrolment, my enrolments and checking in on site. */

const { request } = require('../utils/request')

/** What the check-in QR code shown by the organiser says: `changai:training-check-in:{sessionId}:{token}`. */
const CHECK_IN_PREFIX = 'changai:training-check-in:'

/**
 * Reads a scanned check-in code; null when it is some other QR code.
 * @param {string} text
 * @returns {{ sessionId: string, token: string } | null}
 */
function parseCheckInCode(text) {
  const value = (text || '').trim()
  if (!value.startsWith(CHECK_IN_PREFIX)) return null
  const rest = value.slice(CHECK_IN_PREFIX.length)
  const colon = rest.indexOf(':')
  if (colon <= 0 || colon === rest.length - 1) return null
  return { sessionId: rest.slice(0, colon), token: rest.slice(colon + 1) }
}

module.exports = {
  /** @param {{ keyword?: string, page?: number, pageSize?: number }} [query] */
  courses: (query) => request({ url: '/api/training/courses', data: query || {} }),
  /** @param {string} id */
  course: (id) => request({ url: '/api/training/courses/' + id }),
  /** @param {string} sessionId @param {string} idempotencyKey */
  enroll: (sessionId, idempotencyKey) =>
    request({ url: '/api/training/sessions/' + sessionId + '/enrollments', method: 'POST', data: {}, idempotencyKey }),
  /** @param {string} sessionId */
  cancel: (sessionId) => request({ url: '/api/training/sessions/' + sessionId + '/enrollments', method: 'DELETE', data: {} }),
  /** @param {string} sessionId */
  confirmOffer: (sessionId) => request({ url: '/api/training/sessions/' + sessionId + '/enrollments/confirm', method: 'POST', data: {} }),
  mine: () => request({ url: '/api/training/enrollments/mine' }),
  /** @param {string} sessionId @param {string} token */
  checkIn: (sessionId, token) => request({ url: '/api/training/sessions/' + sessionId + '/check-in', method: 'POST', data: { token } }),
  parseCheckInCode,
}
