/**
 * Decodes a PNG (non-interlaced; grey, RGB, palette, grey+alpha or RGBA; 1–8 bits per sample) into RGBA pixels, so a
 * test can read a 小程序码 the API returned with jsqr, as a phone's camera would.
 */

const zlib = require('node:zlib')

/**
 * @param {Buffer} png
 * @returns {{ width: number, height: number, data: Uint8ClampedArray }}
 */
function decodePng(png) {
  let at = 8
  let width = 0
  let height = 0
  let depth = 0
  let colour = 0
  let palette = Buffer.alloc(0)
  const chunks = []
  while (at < png.length) {
    const length = png.readUInt32BE(at)
    const type = png.toString('ascii', at + 4, at + 8)
    const data = png.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      depth = data[8]
      colour = data[9]
      if (data[12] !== 0) throw new Error('interlaced PNGs are not supported')
    } else if (type === 'PLTE') {
      palette = data
    } else if (type === 'IDAT') {
      chunks.push(data)
    }
    at += 12 + length
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour]
  const raw = zlib.inflateSync(Buffer.concat(chunks))
  const rowBytes = Math.ceil((width * channels * depth) / 8)
  const bpp = Math.max(1, (channels * depth) / 8)
  const rows = []
  let previous = Buffer.alloc(rowBytes)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)]
    const line = Buffer.from(raw.subarray(y * (rowBytes + 1) + 1, (y + 1) * (rowBytes + 1)))
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= bpp ? line[i - bpp] : 0
      const up = previous[i]
      const corner = i >= bpp ? previous[i - bpp] : 0
      if (filter === 1) line[i] = (line[i] + left) & 0xff
      else if (filter === 2) line[i] = (line[i] + up) & 0xff
      else if (filter === 3) line[i] = (line[i] + ((left + up) >> 1)) & 0xff
      else if (filter === 4) {
        const p = left + up - corner
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)]
        line[i] = (line[i] + (pa <= pb && pa <= pc ? left : pb <= pc ? up : corner)) & 0xff
      }
    }
    rows.push(line)
    previous = line
  }
  const sample = (line, index) => {
    if (depth === 8) return line[index]
    const bit = index * depth
    return (line[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1)
  }
  const scale = (v) => (depth === 8 ? v : Math.round((v * 255) / ((1 << depth) - 1)))
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * 4
      let rgba
      if (colour === 3) {
        const i = sample(rows[y], x)
        rgba = [palette[i * 3], palette[i * 3 + 1], palette[i * 3 + 2], 255]
      } else {
        const s = (c) => scale(sample(rows[y], x * channels + c))
        rgba = colour === 0 ? [s(0), s(0), s(0), 255] : colour === 4 ? [s(0), s(0), s(0), s(1)] : colour === 2 ? [s(0), s(1), s(2), 255] : [s(0), s(1), s(2), s(3)]
      }
      // Transparent pixels read as white paper, as a camera would see them.
      const a = rgba[3] / 255
      data.set([rgba[0] * a + 255 * (1 - a), rgba[1] * a + 255 * (1 - a), rgba[2] * a + 255 * (1 - a), 255], out)
    }
  }
  return { width, height, data }
}

module.exports = { decodePng }
