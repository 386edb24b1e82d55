// 云南产业工人服务. State lives in storage (utils/session.js) and on the server, not in the App object, so any page
// can be opened straight from a notification or a 小程序码.
const { watchForUpdates } = require('./utils/update')

App({
  onLaunch() {
    watchForUpdates()
  },
})
