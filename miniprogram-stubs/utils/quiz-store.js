/**
 * A timed attempt's answers kept on the phone while it runs, so nothing chosen is lost when WeChat goes to the
 * background, the page is closed, or handing in fails: restored by 继续答题, and sent with the same idempotency key
 * (a retry of a hand-in whose answer was lost is answered with the first result, never counted twice).
 * One entry per attempt; removed once the attempt is handed in.
 */

const PREFIX = 'changai.quiz.attempt.'

/** @typedef {{ chosen: Record<string, string[]>, current: number, submitKey: string }} SavedAttempt */

/**
 * @param {string} attemptId
 * @returns {SavedAttempt | null}
 */
function load(attemptId) {
  const saved = wx.getStorageSync(PREFIX + attemptId)
  return saved && typeof saved === 'object' && saved.submitKey ? saved : null
}

/**
 * @param {string} attemptId
 * @param {SavedAttempt} attempt
 */
function save(attemptId, attempt) {
  try {
    wx.setStorageSync(PREFIX + attemptId, attempt)
  } catch (e) {
    // Storage full: the answers stay on the page; only a restart would lose them.
  }
}

/** @param {string} attemptId */
function clear(attemptId) {
  wx.removeStorageSync(PREFIX + attemptId)
}

module.exports = { load, save, clear }
