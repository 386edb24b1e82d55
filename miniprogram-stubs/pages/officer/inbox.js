const { inboxPage } = require('../../utils/inbox-page')

// 工作消息: the officer's inbox (daily digests, overdue reviews, escalations), with the officer's own session.
Component(inboxPage({ role: 'officer', tabIndex: null }))
