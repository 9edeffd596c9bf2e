import { zipSync, type Zippable } from "fflate"

import type { FileMap } from "./types"

/**
 * A fixed timestamp for every entry, so the same files give the same bytes.
 * 1980-01-01 is the earliest date a zip (DOS) timestamp can hold; fflate
 * encodes local date fields, which this constructor sets directly, so the
 * result does not depend on the machine's time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0)

/** Zips files deterministically: entries sorted by path, fixed mtimes, level 9. */
export function writeZip(files: FileMap): Uint8Array {
  const entries: Zippable = {}
  for (const path of [...files.keys()].sort()) {
    entries[path] = [files.get(path)!, { mtime: FIXED_MTIME, level: 9 }]
  }
  return zipSync(entries)
}
