/**
 * Tokens kept in storage, one session per role: a worker and an officer may share a phone, and the
 * officer pages must never send the worker's token (or the other way round).
 *
 * @typedef {'worker' | 'officer'} Role
 * @typedef {{ accessToken: string, refreshToken: string, expiresAt: number, user?: any }} Session
 */

const KEYS = { worker: 'changai.session.worker', officer: 'changai.session.officer' }

/**
 * @param {Role} role
 * @returns {Session | null}
 */
function get(role) {
  const value = wx.getStorageSync(KEYS[role])
  return value && value.accessToken ? value : null
}

/**
 * Saves the token pair an auth endpoint answered with (login or refresh), keeping what we knew of the user.
 * @param {Role} role
 * @param {{ accessToken: string, refreshToken: string, expiresIn: number }} tokens
 * @param {any} [user]
 * @returns {Session}
 */
function save(role, tokens, user) {
  const previous = get(role)
  /** @type {Session} */
  const session = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + tokens.expiresIn * 1000,
    user: user !== undefined ? user : previous ? previous.user : undefined,
  }
  wx.setStorageSync(KEYS[role], session)
  return session
}

/** @param {Role} role */
function clear(role) {
  wx.removeStorageSync(KEYS[role])
}

module.exports = { get, save, clear, KEYS }
