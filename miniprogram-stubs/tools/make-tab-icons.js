#!/usr/bin/env node
/**
 * Draws the tab bar icons (首页 / 消息 / 我的) as 81×81 PNGs, grey and selected red, into images/tab/. Plain shapes
 * from this file, no third-party artwork: `node tools/make-tab-icons.js` rewrites them byte for byte
 * (test/unit/release.test.js checks the committed files are what this draws). Not part of the mini-program package.
 */

const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')

const SIZE = 81
const SAMPLES = 4 // per axis, for smooth edges
const COLOURS = { normal: [0x6b, 0x6b, 0x6b], active: [0xb5, 0x12, 0x1b] }
const OUT = path.join(__dirname, '..', 'images', 'tab')

/** @typedef {(x: number, y: number) => boolean} Shape a point (0–81) inside the shape */

/** @param {number} cx @param {number} cy @param {number} r @returns {Shape} */
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
/** @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1 @param {number} [r] corner radius @returns {Shape} */
const box = (x0, y0, x1, y1, r = 0) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false
  const cx = Math.min(Math.max(x, x0 + r), x1 - r)
  const cy = Math.min(Math.max(y, y0 + r), y1 - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}
/** @param {number[][]} p three corners @returns {Shape} */
const triangle = (p) => (x, y) => {
  const side = (a, b) => (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])
  const d = [side(p[0], p[1]), side(p[1], p[2]), side(p[2], p[0])]
  return d.every((v) => v >= 0) || d.every((v) => v <= 0)
}
/** @param {Shape[]} shapes @returns {Shape} */
const union = (...shapes) => (x, y) => shapes.some((s) => s(x, y))
/** @param {Shape} shape @param {Shape[]} holes @returns {Shape} */
const minus = (shape, ...holes) => (x, y) => shape(x, y) && !holes.some((h) => h(x, y))

/** @type {Record<string, Shape>} */
const ICONS = {
  // 首页: a house, roof and walls, with a door.
  home: minus(union(triangle([[40.5, 10], [9, 38], [72, 38]]), box(17, 36, 64, 70, 3)), box(34, 50, 47, 70.5, 2)),
  // 消息: a speech bubble with three dots.
  inbox: minus(union(box(9, 14, 72, 58, 10), triangle([[22, 55], [22, 71], [38, 56]])), circle(26, 36, 4.5), circle(40.5, 36, 4.5), circle(55, 36, 4.5)),
  // 我的: a person, head and shoulders.
  mine: union(circle(40.5, 24, 13), minus(circle(40.5, 75, 29), box(0, 70, 81, 81))),
}

/** @param {Shape} shape @param {number[]} rgb @returns {Buffer} RGBA rows, each with its filter byte */
function raster(shape, rgb) {
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1))
  for (let y = 0; y < SIZE; y++) {
    rows[y * (SIZE * 4 + 1)] = 0 // filter: none
    for (let x = 0; x < SIZE; x++) {
      let inside = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (shape(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)) inside++
        }
      }
      const at = y * (SIZE * 4 + 1) + 1 + x * 4
      rows[at] = rgb[0]
      rows[at + 1] = rgb[1]
      rows[at + 2] = rgb[2]
      rows[at + 3] = Math.round((255 * inside) / (SAMPLES * SAMPLES))
    }
  }
  return rows
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

/** @param {Buffer} bytes */
function crc32(bytes) {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** @param {Buffer} rows @returns {Buffer} a PNG file */
function png(rows) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(SIZE, 0)
  header.writeUInt32BE(SIZE, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** @returns {Record<string, Buffer>} file name → PNG bytes */
function draw() {
  /** @type {Record<string, Buffer>} */
  const files = {}
  for (const [name, shape] of Object.entries(ICONS)) {
    files[name + '.png'] = png(raster(shape, COLOURS.normal))
    files[name + '-active.png'] = png(raster(shape, COLOURS.active))
  }
  return files
}

if (require.main === module) {
  fs.mkdirSync(OUT, { recursive: true })
  for (const [name, bytes] of Object.entries(draw())) {
    fs.writeFileSync(path.join(OUT, name), bytes)
    console.log(`images/tab/${name}: ${bytes.length} bytes`)
  }
}

module.exports = { draw, SIZE, OUT }
