/** 知识竞答: the daily question, practice, campaigns with timed attempts, and leaderboards. */

const { request } = require('../utils/request')

module.exports = {
  daily: () => request({ url: '/api/quiz/daily' }),
  /** @param {string[]} optionIds @param {string} idempotencyKey */
  answerDaily: (optionIds, idempotencyKey) => request({ url: '/api/quiz/daily/answer', method: 'POST', data: { optionIds }, idempotencyKey }),
  /** @param {'sequential' | 'random'} [mode] */
  practiceNext: (mode) => request({ url: '/api/quiz/practice/next', data: { mode: mode || 'sequential' } }),
  /** @param {string} questionId @param {string[]} optionIds */
  practiceAnswer: (questionId, optionIds) => request({ url: '/api/quiz/practice/answers', method: 'POST', data: { questionId, optionIds } }),
  campaigns: () => request({ url: '/api/quiz/campaigns' }),
  /** @param {string} id */
  campaign: (id) => request({ url: '/api/quiz/campaigns/' + id }),
  /** @param {string} campaignId @param {string} idempotencyKey */
  start: (campaignId, idempotencyKey) => request({ url: '/api/quiz/campaigns/' + campaignId + '/attempts', method: 'POST', data: {}, idempotencyKey }),
  /** @param {string} id */
  attempt: (id) => request({ url: '/api/quiz/attempts/' + id }),
  /**
   * @param {string} id
   * @param {{ questionId: string, optionIds: string[] }[]} answers
   * @param {string} idempotencyKey
   */
  submit: (id, answers, idempotencyKey) => request({ url: '/api/quiz/attempts/' + id + '/submit', method: 'POST', data: { answers }, idempotencyKey }),
  /** 错题本: questions last answered wrong in practice, newest first. @param {number} page */
  wrongBook: (page) => request({ url: '/api/quiz/practice/wrong-book', data: { page, pageSize: 20 } }),
  /** Takes a question out of my wrong-answer book. @param {string} questionId */
  removeFromWrongBook: (questionId) => request({ url: '/api/quiz/practice/wrong-book/' + questionId, method: 'DELETE', data: {} }),
  /** 答题日历: the days of a month I answered the daily question, and my streaks. @param {string} [month] yyyy-MM, this month when left out */
  calendar: (month) => request({ url: '/api/quiz/daily/calendar', data: { month } }),
  /** @param {string} campaignId @param {'individual' | 'union'} [scope] */
  leaderboard: (campaignId, scope) => request({ url: '/api/quiz/campaigns/' + campaignId + '/leaderboard', data: { scope: scope || 'individual', top: 20 } }),
}
