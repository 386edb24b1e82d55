/** 技能培训: courses, enrolment, my enrolments and checking in on site. */

const { request } = require('../utils/request')

/** What the check-in QR code shown by the organiser says: `changai:training-check-in:{sessionId}:{token}`. */
const CHECK_IN_PREFIX = 'changai:training-check-in:'

/** The page a check-in 小程序码 opens (getwxacodeunlimit's `page`); its `scene` names the session and the token. */
const CHECK_IN_PAGE = 'pages/training/check-in'

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * A check-in 小程序码's scene (at most 32 characters, WeChat's limit): the session id as 22 base64url characters
 * (its 16 bytes in RFC 4122 order) followed by the 10-character token of the current 30-second step.
 * @param {string} scene
 * @returns {{ sessionId: string, token: string } | null}
 */
function parseCheckInScene(scene) {
  const value = (scene || '').trim()
  if (!/^[A-Za-z0-9_-]{32}$/.test(value)) return null
  let bits = 0
  let buffer = 0
  /** @type {number[]} */
  const bytes = []
  for (const char of value.slice(0, 22)) {
    buffer = (buffer << 6) | BASE64URL.indexOf(char)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes.push((buffer >> bits) & 0xff)
    }
  }
  const hex = bytes.slice(0, 16).map((b) => (b < 16 ? '0' : '') + b.toString(16)).join('')
  const sessionId = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-')
  return { sessionId, token: value.slice(22) }
}

/**
 * What the camera read, as a check-in: our 小程序码 (wx.scanCode gives the page and query of a code of this
 * mini-program in `path`), or the older text code.
 * @param {{ result?: string, path?: string }} scanned
 * @returns {{ sessionId: string, token: string } | null}
 */
function parseCheckInScan(scanned) {
  const path = (scanned.path || '').replace(/^\//, '')
  if (path.split('?')[0] === CHECK_IN_PAGE) {
    const match = /[?&]scene=([^&]*)/.exec(path)
    return match ? parseCheckInScene(decodeURIComponent(match[1])) : null
  }
  return parseCheckInCode(scanned.result || '')
}

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
  checkIn: (sessionId, token) => request({ url: '/api/training/sessions/' + sessionId + '/check-in', method: 'POST', data: { token }, silent: true }),
  parseCheckInCode,
  parseCheckInScene,
  parseCheckInScan,
  CHECK_IN_PAGE,
}
