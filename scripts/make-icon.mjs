// Draws assets/icon.png: two endpoints joined by a port, on a rounded badge
// that fills the central 75% of the canvas (the store's 128 px icon wants
// 96 px of artwork inside 16 px of transparent padding). Shapes are large so
// the icon still reads at 16 px. Run: node scripts/make-icon.mjs
import { writeFileSync } from "node:fs"
import { PNG } from "pngjs"

const SIZE = 512
const SAMPLES = 4 // 4x4 supersampling for smooth edges

const badge = { x0: 64, y0: 64, x1: 448, y1: 448, r: 88 }
const dots = [
  { x: 170, y: 256, r: 58 },
  { x: 342, y: 256, r: 58 }
]
const bar = { x0: 170, x1: 342, y0: 256 - 22, y1: 256 + 22 }

function inRoundedRect(x, y, { x0, y0, x1, y1, r }) {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r)
  const cy = Math.min(Math.max(y, y0 + r), y1 - r)
  return (
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r &&
    x >= x0 &&
    x <= x1 &&
    y >= y0 &&
    y <= y1
  )
}

function inWhite(x, y) {
  if (x >= bar.x0 && x <= bar.x1 && y >= bar.y0 && y <= bar.y1) return true
  return dots.some((d) => (x - d.x) ** 2 + (y - d.y) ** 2 <= d.r * d.r)
}

function inHole(x, y) {
  // A small hole in each endpoint keeps them reading as "ends" at 48 px and up.
  return dots.some((d) => (x - d.x) ** 2 + (y - d.y) ** 2 <= 22 * 22)
}

const png = new PNG({ width: SIZE, height: SIZE })
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    let badgeCover = 0
    let whiteCover = 0
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES
        const py = y + (sy + 0.5) / SAMPLES
        if (!inRoundedRect(px, py, badge)) continue
        badgeCover++
        if (inWhite(px, py) && !inHole(px, py)) whiteCover++
      }
    }
    const n = SAMPLES * SAMPLES
    const t = (x + y) / (2 * SIZE) // diagonal gradient, indigo to violet
    const base = [
      79 + (124 - 79) * t,
      70 + (58 - 70) * t,
      229 + (237 - 229) * t
    ]
    const w = badgeCover ? whiteCover / badgeCover : 0
    const i = (y * SIZE + x) * 4
    png.data[i] = Math.round(base[0] * (1 - w) + 255 * w)
    png.data[i + 1] = Math.round(base[1] * (1 - w) + 255 * w)
    png.data[i + 2] = Math.round(base[2] * (1 - w) + 255 * w)
    png.data[i + 3] = Math.round((255 * badgeCover) / n)
  }
}
writeFileSync(
  new URL("../assets/icon.png", import.meta.url),
  PNG.sync.write(png)
)
console.log("wrote assets/icon.png")
