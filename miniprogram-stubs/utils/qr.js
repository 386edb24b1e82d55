/**
 * QR codes for the e-card, drawn on a canvas. The encoder is Kazuhiko Arase's qrcode-generator (MIT), kept as
 * published in utils/vendor so the mini-program needs no npm build step.
 */

const qrcode = require('./vendor/qrcode-generator')

/**
 * @param {string} text
 * @returns {boolean[][]} dark modules, row by row
 */
function matrix(text) {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const count = qr.getModuleCount()
  const rows = []
  for (let r = 0; r < count; r++) {
    const row = []
    for (let c = 0; c < count; c++) row.push(qr.isDark(r, c))
    rows.push(row)
  }
  return rows
}

/**
 * Paints the modules on a white square with the 4-module quiet zone scanners need. Whole pixels per module keep
 * the edges sharp enough for old phone cameras.
 * @param {{ fillStyle: any, fillRect(x: number, y: number, w: number, h: number): void }} ctx a canvas 2d context
 * @param {boolean[][]} modules
 * @param {number} size side of the square in pixels
 */
function draw(ctx, modules, size) {
  const count = modules.length
  const cell = Math.max(1, Math.floor(size / (count + 8)))
  const offset = Math.floor((size - cell * count) / 2)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, size, size)
  ctx.fillStyle = '#000000'
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < count; c++) {
      if (modules[r][c]) ctx.fillRect(offset + c * cell, offset + r * cell, cell, cell)
    }
  }
}

module.exports = { matrix, draw }
