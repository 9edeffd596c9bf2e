import { readFileSync } from "node:fs"
import { join } from "node:path"

import { buildWithSourceMaps } from "../support/build"
import { bytesPerSource, type SourceMap } from "../support/source-map"

export interface BundleGroup {
  name: string
  bytes: number
  sources: Record<string, number>
}

export interface BundleResult {
  file: string
  totalBytes: number
  groups: BundleGroup[]
}

/** Which part of the popup bundle a source belongs to. */
function groupOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1]
  if (pkg === "react-dom") return "react-dom"
  if (pkg === "react" || pkg === "scheduler") return "react + scheduler"
  if (pkg === "@plasmohq/messaging") return "@plasmohq/messaging"
  if (pkg || source.startsWith(".plasmo/") || source === "<anon>") {
    return "Plasmo/Parcel glue"
  }
  if (source === "(unmapped)") return "unmapped (wrappers, whitespace)"
  return "our code"
}

/**
 * Attributes the popup's JS bytes to the modules they came from, using a
 * second build with source maps (same code; the map is the only addition).
 */
export function analyseBundle(root: string): BundleResult {
  const dir = buildWithSourceMaps(root)
  const html = readFileSync(join(dir, "popup.html"), "utf8")
  const file = /<script[^>]*\ssrc="\/?([^"]+)"/.exec(html)![1]
  const code = readFileSync(join(dir, file), "utf8")
  const map = JSON.parse(
    readFileSync(join(dir, `${file}.map`), "utf8")
  ) as SourceMap
  const groups = new Map<string, BundleGroup>()
  for (const [source, bytes] of bytesPerSource(code, map)) {
    const name = groupOf(source)
    const group = groups.get(name) ?? { name, bytes: 0, sources: {} }
    group.bytes += bytes
    group.sources[source.replace(/^.*node_modules\//, "")] = bytes
    groups.set(name, group)
  }
  // The sourceMappingURL comment is not in the production build.
  const comment = /\n?\/\/# sourceMappingURL=[^\n]*\n?$/.exec(code)?.[0] ?? ""
  return {
    file,
    totalBytes: Buffer.byteLength(code) - Buffer.byteLength(comment),
    groups: [...groups.values()].sort((a, b) => b.bytes - a.bytes)
  }
}
