import { PNG } from "pngjs"

/** pngjs's PNG, for this module's callers and the tests. */
export { PNG }

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export interface PngHeader {
  width: number
  height: number
  bitDepth: number
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number
  /** A tRNS chunk (transparency for grey, RGB or palette images). */
  hasTrns: boolean
}

/**
 * Reads a PNG's signature, IHDR and chunk list (enough to know its size and
 * whether it can carry transparency), or says why the bytes are not a PNG.
 */
export function readPngHeader(bytes: Uint8Array): PngHeader | string {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    return "is not a PNG (bad signature)"
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const chunkType = (at: number) =>
    String.fromCharCode(...bytes.subarray(at + 4, at + 8))
  if (view.getUint32(8) !== 13 || chunkType(8) !== "IHDR") {
    return "is not a valid PNG (first chunk is not IHDR)"
  }
  const header: PngHeader = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24],
    colorType: bytes[25],
    hasTrns: false
  }
  if (header.width === 0 || header.height === 0) {
    return "is not a valid PNG (zero width or height)"
  }
  let at = 8
  while (at + 8 <= bytes.length) {
    const type = chunkType(at)
    if (type === "tRNS") header.hasTrns = true
    if (type === "IDAT" || type === "IEND") break
    at += 12 + view.getUint32(at)
  }
  return header
}

/** True when the PNG format can carry any transparency at all. */
export function canBeTransparent(header: PngHeader): boolean {
  return header.colorType === 4 || header.colorType === 6 || header.hasTrns
}

export interface DecodedPng {
  width: number
  height: number
  /** RGBA, 8 bits per channel, row-major. */
  rgba: Uint8Array
}

/** Decodes to RGBA (pngjs), or returns why it could not. */
export function decodePng(bytes: Uint8Array): DecodedPng | string {
  try {
    const png = PNG.sync.read(Buffer.from(bytes))
    return { width: png.width, height: png.height, rgba: png.data }
  } catch (error) {
    return `could not be decoded (${(error as Error).message})`
  }
}
