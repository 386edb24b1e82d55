/**
 * 扫码签到, shared by my training (扫码签到 button) and the page a check-in 小程序码 opens: read the code the
 * organiser's screen shows, then `POST /api/training/sessions/{id}/check-in`. wx.scanCode is a privacy interface: both
 * pages show the privacy pop-up.
 */

const trainingApi = require('../api/training')

/**
 * @typedef {object} CheckInOutcome
 * @property {boolean} done checked in (now or before)
 * @property {string} message what to tell the person
 * @property {string} [sessionId]
 */

/** @returns {Promise<{ result?: string, path?: string } | null>} what the camera read; null when the person closed it */
function scan() {
  return new Promise((resolve) => wx.scanCode({
    onlyFromCamera: true,
    scanType: /** @type {any} */ (['qrCode', 'wxCode']),
    success: (res) => resolve(res),
    fail: () => resolve(null),
  }))
}

/**
 * @param {{ sessionId: string, token: string }} code
 * @param {string} name what to call the session in the message
 * @returns {Promise<CheckInOutcome>}
 */
async function checkIn(code, name) {
  try {
    const result = await trainingApi.checkIn(code.sessionId, code.token)
    return { done: true, sessionId: code.sessionId, message: result.alreadyCheckedIn ? name + '：您已经签过到了' : name + '：签到成功' }
  } catch (err) {
    return { done: false, sessionId: code.sessionId, message: /** @type {any} */ (err).detail || '签到没有成功，请再扫一次' }
  }
}

/**
 * Scans and checks in.
 * @param {(sessionId: string) => string} nameOf what to call a session (its title when the page knows it)
 * @returns {Promise<CheckInOutcome | null>} null when the camera was closed
 */
async function scanAndCheckIn(nameOf) {
  const scanned = await scan()
  if (!scanned) return null
  const code = trainingApi.parseCheckInScan(scanned)
  if (!code) return { done: false, message: '这不是培训签到码，请扫描老师出示的签到二维码' }
  return checkIn(code, nameOf(code.sessionId))
}

module.exports = { scan, checkIn, scanAndCheckIn }
