const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const jsQR = require('jsqr')
const qr = require('../../utils/qr')
const { createCanvas } = require('../support/canvas')

// The shape of the API's card token: base64url(JSON claims) "." base64url(HMAC-SHA256).
const cardToken = Buffer.from(JSON.stringify({
  MemberId: '01a1fe23-2c5c-7915-8c52-cc551725b561', Number: '5301110010000123', MaskedName: '张*国',
  UnionName: '云南云内动力集团有限公司工会', JoinedOn: '2026-11-21', ExpiresAt: 1795266880,
})).toString('base64url') + '.' + Buffer.alloc(32, 7).toString('base64url')

test('the vendored QR encoder is the published qrcode-generator 2.0.4, unchanged', () => {
  const vendored = fs.readFileSync(path.join(__dirname, '../../utils/vendor/qrcode-generator.js'))
  const published = fs.readFileSync(require.resolve('qrcode-generator'))
  assert.ok(vendored.equals(published))
})

test('a card token drawn on a canvas scans back to the same token', () => {
  const canvas = createCanvas()
  canvas.width = canvas.height = 600
  qr.draw(canvas.getContext('2d'), qr.matrix(cardToken), 600)
  const decoded = jsQR(canvas.pixels, 600, 600)
  assert.ok(decoded, 'no QR code found in the picture')
  assert.equal(decoded.data, cardToken)
})

test('the code keeps a quiet zone of four modules around it', () => {
  const modules = qr.matrix('hello')
  const canvas = createCanvas()
  canvas.width = canvas.height = 250
  qr.draw(canvas.getContext('2d'), modules, 250)
  const cell = Math.floor(250 / (modules.length + 8))
  const offset = Math.floor((250 - cell * modules.length) / 2)
  assert.ok(offset >= 4 * cell)
  const pixel = (x, y) => canvas.pixels[(y * 250 + x) * 4]
  for (let i = 0; i < offset; i++) assert.equal(pixel(i, i), 255, 'quiet zone must be white')
  assert.equal(pixel(offset, offset), 0, 'the finder pattern starts dark')
})
