const BASE64 =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

/** Decodes one segment's base64 VLQ fields. */
function decodeSegment(segment: string): number[] {
  const fields: number[] = []
  let value = 0
  let shift = 0
  for (const char of segment) {
    const digit = BASE64.indexOf(char)
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
      continue
    }
    fields.push(value & 1 ? -(value >>> 1) : value >>> 1)
    value = 0
    shift = 0
  }
  return fields
}

export interface SourceMap {
  sources: string[]
  mappings: string
}

/**
 * Bytes of generated `code` per original source, from a v3 source map: each
 * mapping segment owns the bytes up to the next segment on its line. Bytes
 * no segment maps to a source are counted under "(unmapped)".
 */
export function bytesPerSource(
  code: string,
  map: SourceMap
): Map<string, number> {
  const totals = new Map<string, number>()
  const add = (source: string, text: string) =>
    totals.set(source, (totals.get(source) ?? 0) + Buffer.byteLength(text))
  const lines = code.split("\n")
  const mapped = map.mappings.split(";")
  let sourceIndex = 0
  lines.forEach((line, lineNo) => {
    const segments = (mapped[lineNo] ?? "").split(",").filter(Boolean)
    let column = 0
    let start = 0
    let owner = "(unmapped)"
    for (const segment of segments) {
      const fields = decodeSegment(segment)
      column += fields[0]
      add(owner, line.slice(start, column))
      start = column
      if (fields.length >= 4) {
        sourceIndex += fields[1]
        owner = map.sources[sourceIndex] ?? "(unmapped)"
      } else {
        owner = "(unmapped)"
      }
    }
    add(owner, line.slice(start) + (lineNo < lines.length - 1 ? "\n" : ""))
  })
  return totals
}
