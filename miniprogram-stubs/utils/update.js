/**
 * New versions: WeChat checks for one at every start and downloads it by itself (wx.getUpdateManager). When it is
 * ready we say so and restart into it if the person agrees; otherwise the next cold start uses it. Develop and trial
 * builds have no versions, so nothing happens there.
 */

function watchForUpdates() {
  if (typeof wx.getUpdateManager !== 'function') return
  const manager = wx.getUpdateManager()
  manager.onUpdateReady(() => {
    wx.showModal({
      title: '有新版本',
      content: '新版本已经准备好，重启小程序就能用上。现在重启吗？',
      confirmText: '重启',
      cancelText: '以后再说',
      success: (res) => {
        if (res.confirm) manager.applyUpdate()
      },
    })
  })
  manager.onUpdateFailed(() => {
    wx.showToast({ title: '新版本下载没有成功，下次打开时会再试', icon: 'none', duration: 3000 })
  })
}

module.exports = { watchForUpdates }
