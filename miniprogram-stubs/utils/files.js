/**
 * Evidence files for a subsidy: photos (wx.chooseMedia: camera or album) or PDF files from a WeChat chat
 * (wx.chooseMessageFile, where a scanned certificate someone sent usually is). Each is checked here before anything is
 * uploaded — the server's size limit and, for PDFs, the kind — so a worker on a slow network never waits for an upload
 * the server would refuse. Both are privacy interfaces: the page shows the privacy pop-up.
 */

const config = require('./config')
const format = require('./format')

/** @typedef {{ path: string, name: string, size: number }} PickedFile */

/** @param {string} path */
function baseName(path) {
  return String(path).split('/').pop() || String(path)
}

/** @returns {Promise<PickedFile[] | null>} the photo taken or chosen; null when the person cancelled */
function pickPhotos() {
  return new Promise((resolve) => wx.chooseMedia({
    count: 1,
    mediaType: ['image'],
    sourceType: ['camera', 'album'],
    sizeType: ['compressed'],
    success: (res) => resolve(res.tempFiles.map((f) => ({ path: f.tempFilePath, name: baseName(f.tempFilePath), size: f.size }))),
    fail: () => resolve(null),
  }))
}

/** @returns {Promise<PickedFile[] | null>} the PDF chosen from a chat; null when the person cancelled */
function pickPdfs() {
  return new Promise((resolve) => wx.chooseMessageFile({
    count: 1,
    type: 'file',
    extension: ['pdf'],
    success: (res) => resolve(res.tempFiles.map((f) => ({ path: f.path, name: f.name || baseName(f.path), size: f.size }))),
    fail: () => resolve(null),
  }))
}

/**
 * Why a file cannot be sent, in a worker's words ('' when it can).
 * @param {PickedFile} file
 * @param {'photo' | 'pdf'} kind
 */
function problemWith(file, kind) {
  if (kind === 'pdf' && !/\.pdf$/i.test(file.name)) {
    return '“' + file.name + '”不是 PDF 文件。请选 PDF 文件，或者拍照上传'
  }
  if (!(file.size > 0)) {
    return '“' + file.name + '”是空文件，请重新选择'
  }
  if (file.size > config.maxUploadBytes) {
    return '“' + file.name + '”有 ' + format.fileSize(file.size) + '，超过了 ' + format.fileSize(config.maxUploadBytes) + '。请压缩后再传，或者拍照上传'
  }
  return ''
}

module.exports = { pickPhotos, pickPdfs, problemWith }
