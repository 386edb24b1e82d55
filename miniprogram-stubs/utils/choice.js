/** Choosing answers to a quiz question: one option for single-choice and true/false, several for multiple choice. */

/**
 * The chosen option ids after tapping `optionId`.
 * @param {string} kind `single` | `multiple` | `trueFalse`
 * @param {string[]} chosen
 * @param {string} optionId
 * @returns {string[]}
 */
function toggle(kind, chosen, optionId) {
  if (kind !== 'multiple') return [optionId]
  return chosen.includes(optionId) ? chosen.filter((id) => id !== optionId) : chosen.concat(optionId).sort()
}

/**
 * A question ready for the template: each option knows whether it is chosen (and, after answering, right or wrong).
 * @param {any} question
 * @param {string[]} chosen
 * @param {string[]} [correct]
 */
function render(question, chosen, correct) {
  return Object.assign({}, question, {
    options: question.options.map((/** @type {any} */ o) => Object.assign({}, o, {
      chosen: chosen.includes(o.id),
      right: Boolean(correct && correct.includes(o.id)),
      wrong: Boolean(correct && chosen.includes(o.id) && !correct.includes(o.id)),
    })),
  })
}

module.exports = { toggle, render }
