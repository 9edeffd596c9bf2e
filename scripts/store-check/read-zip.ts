import { unzipSync } from "fflate"

import type { FileMap, Problem } from "./types"

export interface ZipContents {
  files: FileMap
  problems: Problem[]
}

/**
 * Reads a zip into path → bytes. Directory entries are dropped; entry names
 * a store would refuse or mis-extract (absolute, `..`, backslashes) are
 * reported. A file that is not a zip yields one problem and no files.
 */
export function readZip(bytes: Uint8Array): ZipContents {
  const problems: Problem[] = []
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes)
  } catch (error) {
    return {
      files: new Map(),
      problems: [
        {
          check: "zip",
          message: `not a readable zip file (${(error as Error).message})`
        }
      ]
    }
  }
  const files: FileMap = new Map()
  for (const name of Object.keys(entries).sort()) {
    if (name.endsWith("/")) continue
    if (name.includes("\\")) {
      problems.push({
        check: "zip",
        message: `entry "${name}" uses backslashes; zip paths must use "/"`
      })
    }
    if (name.startsWith("/") || name.split("/").includes("..")) {
      problems.push({
        check: "zip",
        message: `entry "${name}" escapes the package root`
      })
    }
    files.set(name, entries[name])
  }
  return { files, problems }
}
