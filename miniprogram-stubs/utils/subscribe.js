/**
 * Asks for one-time subscriptions (wx.requestSubscribeMessage) and tells the API what the person chose: each
 * "accept" lets the server send exactly one message of that template.
 *
 * WeChat shows the prompt only when it is asked for in the synchronous part of a tap handler: call this as the first
 * thing a handler does, before any `await` (enrol, submit a subsidy, join), and let the network work run while the
 * prompt is up. After a round trip WeChat refuses with "can only be invoked by user TAP gesture"; the tests' fake `wx`
 * refuses the same way and fails the test.
 */

const { request } = require('./request')

/**
 * @param {string[]} templateIds at most 3 per prompt (WeChat's limit)
 * @param {import('./session').Role} [role]
 * @returns {Promise<Record<string, string>>} templateId → accept | reject | ban | filter (empty when WeChat refused to ask)
 */
async function askToSubscribe(templateIds, role) {
  /** @type {any} */
  let answer
  try {
    answer = await new Promise((resolve, reject) => {
      wx.requestSubscribeMessage({ tmplIds: templateIds, success: resolve, fail: reject })
    })
  } catch (e) {
    // Subscriptions switched off in WeChat's settings, or no tap: the inbox still has every message.
    return {}
  }

  /** @type {Record<string, string>} */
  const results = {}
  templateIds.forEach((id) => {
    if (typeof answer[id] === 'string') {
      results[id] = answer[id]
    }
  })
  if (Object.keys(results).length > 0) {
    try {
      await request({ url: '/api/notifications/subscriptions', method: 'POST', role: role || 'worker', silent: true, data: { results } })
    } catch (e) {
      // Not worth bothering the person: the only loss is one WeChat message; the inbox keeps it.
    }
  }
  return results
}

module.exports = { askToSubscribe }
