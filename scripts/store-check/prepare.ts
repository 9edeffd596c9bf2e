import { readdirSync, readFileSync } from "node:fs"
import { join, relative, sep } from "node:path"

import { text, type FileMap } from "./types"

/** Reads a build folder into zip path → bytes (sorted, forward slashes). */
export function readBuildDir(dir: string): FileMap {
  const files: FileMap = new Map()
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) {
        files.set(relative(dir, full).split(sep).join("/"), readFileSync(full))
      }
    }
  }
  walk(dir)
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

export interface Prepared {
  files: FileMap
  /** What was taken out, for the log: dropped files and manifest fields. */
  removed: string[]
}

/**
 * Turns a production build into what the store gets: source maps dropped,
 * and the manifest's `key` removed (it pins the extension id for unpacked
 * loading and tests; the store assigns its own id and rejects a key).
 */
export function prepareForStore(build: FileMap): Prepared {
  const files: FileMap = new Map()
  const removed: string[] = []
  for (const [path, bytes] of build) {
    if (/\.map$/i.test(path)) {
      removed.push(path)
      continue
    }
    files.set(path, bytes)
  }
  const manifestBytes = files.get("manifest.json")
  if (manifestBytes) {
    const manifest = JSON.parse(text(manifestBytes)) as Record<string, unknown>
    if ("key" in manifest) {
      delete manifest.key
      removed.push('manifest.json "key"')
    }
    files.set(
      "manifest.json",
      new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n")
    )
  }
  return { files, removed }
}
