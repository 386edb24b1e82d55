const { inboxPage } = require('../../utils/inbox-page')

/** Index of this page in app.json's tabBar, for the unread badge. */
const TAB_INDEX = 1

// The worker's 消息 tab; pages/officer/inbox is the same page for an officer's session.
Component(inboxPage({ role: 'worker', tabIndex: TAB_INDEX }))
