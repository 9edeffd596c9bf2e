import { STORE_IMAGES } from "./config"
import { decodePng, readPngHeader } from "./png"
import type { CheckResult, FileMap, Problem } from "./types"

export interface StoreImageSpec {
  path: string
  width: number
  height: number
}

const COLOR_TYPES: Record<number, string> = {
  0: "greyscale",
  2: "RGB",
  3: "palette",
  4: "greyscale+alpha",
  6: "RGBA"
}

/**
 * Store listing images (uploaded beside the zip): present, real PNGs of the
 * exact size, and without transparency. Both stores take "JPEG or 24-bit
 * PNG (no alpha)" for screenshots and promo tiles, so an alpha channel (or a
 * tRNS chunk) is a problem even when every pixel happens to be opaque; the
 * message says whether any pixel is actually see-through.
 */
export function checkStoreImages(
  images: FileMap,
  specs: readonly StoreImageSpec[] = STORE_IMAGES
): CheckResult {
  const problems: Problem[] = []
  const notes: string[] = []
  const add = (message: string) =>
    problems.push({ check: "store-images", message })
  for (const spec of specs) {
    const bytes = images.get(spec.path)
    if (!bytes) {
      add(`${spec.path} is missing (needs a ${spec.width}×${spec.height} PNG)`)
      continue
    }
    const header = readPngHeader(bytes)
    if (typeof header === "string") {
      add(`${spec.path} ${header}`)
      continue
    }
    if (header.width !== spec.width || header.height !== spec.height) {
      add(
        `${spec.path} is ${header.width}×${header.height}; it must be exactly ${spec.width}×${spec.height}`
      )
    }
    const alpha =
      header.colorType === 4 || header.colorType === 6
        ? "an alpha channel"
        : header.hasTrns
          ? "a tRNS (transparency) chunk"
          : null
    if (alpha) {
      const decoded = decodePng(bytes)
      let seeThrough = 0
      if (typeof decoded !== "string") {
        for (let i = 3; i < decoded.rgba.length; i += 4) {
          if (decoded.rgba[i] !== 255) seeThrough++
        }
      }
      add(
        `${spec.path} is ${COLOR_TYPES[header.colorType] ?? "colour type " + header.colorType} with ${alpha}` +
          (seeThrough > 0
            ? ` and ${seeThrough} transparent pixels`
            : " (all pixels opaque)") +
          "; the store wants a 24-bit PNG without alpha (pngjs: colorType 2)"
      )
    } else {
      notes.push(`${spec.path}: ${header.width}×${header.height}, no alpha`)
    }
  }
  return { problems, notes }
}
