/**
 * Whether a person's tap is being handled at this moment: the harness counts the synchronous part of every `bindtap`
 * handler here, and the fake `wx` reads it to refuse what WeChat only allows from a tap (wx.requestSubscribeMessage).
 * An `await` inside the handler ends the synchronous part, as it does in WeChat.
 */
const gesture = {
  depth: 0,
  /**
   * Runs `fn` as the synchronous part of a tap handler (for testing a helper without a page).
   * @template T
   * @param {() => T} fn
   * @returns {T}
   */
  duringTap(fn) {
    gesture.depth++
    try {
      return fn()
    } finally {
      gesture.depth--
    }
  },
}

module.exports = gesture
