/**
 * A canvas node that records what a 2d context paints (filled rectangles in solid colours) into RGBA pixels, so a
 * test can read the picture back, e.g. decode a QR code from it.
 */
function createCanvas() {
  const canvas = {
    width: 300,
    height: 300,
    pixels: new Uint8ClampedArray(0),
    getContext() {
      canvas.pixels = new Uint8ClampedArray(canvas.width * canvas.height * 4)
      let colour = [0, 0, 0]
      return {
        scale() {},
        set fillStyle(value) {
          const hex = String(value).replace('#', '')
          colour = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16))
        },
        get fillStyle() {
          return colour
        },
        fillRect(x, y, w, h) {
          for (let row = Math.max(0, y); row < Math.min(canvas.height, y + h); row++) {
            for (let col = Math.max(0, x); col < Math.min(canvas.width, x + w); col++) {
              const at = (row * canvas.width + col) * 4
              canvas.pixels.set([colour[0], colour[1], colour[2], 255], at)
            }
          }
        },
      }
    },
  }
  return canvas
}

module.exports = { createCanvas }
