// A DOM for miniprogram-simulate (its renderer, j-component, works on DOM nodes). Must run before it is required.
const globalJsdom = require('global-jsdom')

globalJsdom()
// Node has its own Event, CustomEvent and EventTarget, which global-jsdom leaves in place; jsdom's dispatchEvent only
// accepts its own, so j-component's `new CustomEvent(...)` must make jsdom's.
for (const name of ['Event', 'CustomEvent', 'EventTarget']) {
  global[name] = window[name]
}
