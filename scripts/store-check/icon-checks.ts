import { ICON_128_TRANSPARENT_BAND_PX, REQUIRED_ICON_SIZES } from "./config"
import { decodePng, readPngHeader, type DecodedPng } from "./png"
import type { CheckResult, FileMap, Manifest, Problem } from "./types"

/** Normalises a manifest path ("/a.png", "./a.png") to a zip path. */
export function zipPath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, "")
}

/**
 * Pixels in the outer `band` px of the image that are not fully transparent,
 * counted (0 means the band is clear).
 */
export function opaquePixelsInBorder(png: DecodedPng, band: number): number {
  let count = 0
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const inBand =
        x < band || y < band || x >= png.width - band || y >= png.height - band
      if (inBand && png.rgba[(y * png.width + x) * 4 + 3] !== 0) count++
    }
  }
  return count
}

function checkIconSet(
  files: FileMap,
  set: unknown,
  field: string,
  required: readonly number[],
  problems: Problem[]
): void {
  const add = (message: string) => problems.push({ check: "icons", message })
  if (typeof set === "string") {
    // action.default_icon may be a single path; Chrome scales it.
    checkIconFile(files, set, null, field, add)
    return
  }
  if (!set || typeof set !== "object" || Array.isArray(set)) {
    if (required.length)
      add(`${field} is missing; declare ${required.join(", ")} px icons`)
    return
  }
  const entries = set as Record<string, unknown>
  for (const size of required) {
    if (!(String(size) in entries)) add(`${field} has no ${size} px icon`)
  }
  for (const [key, value] of Object.entries(entries)) {
    const size = Number(key)
    if (!Number.isInteger(size) || size <= 0) {
      add(`${field} has a non-numeric size key "${key}"`)
      continue
    }
    if (typeof value !== "string") {
      add(`${field}.${key} is not a path`)
      continue
    }
    checkIconFile(files, value, size, `${field}.${key}`, add)
  }
}

function checkIconFile(
  files: FileMap,
  manifestPath: string,
  size: number | null,
  field: string,
  add: (message: string) => void
): void {
  const path = zipPath(manifestPath)
  const bytes = files.get(path)
  if (!bytes) {
    add(`${field} names ${manifestPath}, which is not in the zip`)
    return
  }
  const header = readPngHeader(bytes)
  if (typeof header === "string") {
    add(`${field} (${path}) ${header}`)
    return
  }
  if (size !== null && (header.width !== size || header.height !== size)) {
    add(
      `${field} (${path}) is ${header.width}×${header.height}; it must be exactly ${size}×${size}`
    )
  }
}

/**
 * `icons` must declare 16, 48 and 128 px PNGs of exactly those sizes; every
 * `action.default_icon` must exist and be a PNG of its declared size; the
 * 128 px icon's outer band must be fully transparent (see config).
 */
export function checkIcons(files: FileMap, manifest: Manifest): CheckResult {
  const problems: Problem[] = []
  checkIconSet(files, manifest.icons, "icons", REQUIRED_ICON_SIZES, problems)
  const action = manifest.action as Record<string, unknown> | undefined
  if (action && typeof action === "object" && "default_icon" in action) {
    checkIconSet(
      files,
      action.default_icon,
      "action.default_icon",
      [],
      problems
    )
  }

  const icons = manifest.icons as Record<string, unknown> | undefined
  const path128 =
    icons && typeof icons === "object" && typeof icons["128"] === "string"
      ? zipPath(icons["128"])
      : null
  const bytes = path128 ? files.get(path128) : undefined
  const header = bytes ? readPngHeader(bytes) : null
  if (bytes && header && typeof header !== "string" && header.width === 128) {
    const decoded = decodePng(bytes)
    const band = ICON_128_TRANSPARENT_BAND_PX
    if (typeof decoded === "string") {
      problems.push({
        check: "icons",
        message: `icons.128 (${path128}) ${decoded}`
      })
    } else {
      const opaque = opaquePixelsInBorder(decoded, band)
      if (opaque > 0) {
        problems.push({
          check: "icons",
          message: `icons.128 (${path128}) has ${opaque} non-transparent pixels in its outer ${band} px; the store wants 96×96 artwork inside 16 px of transparent padding`
        })
      }
    }
  }
  return { problems, notes: [] }
}
