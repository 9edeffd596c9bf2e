import { join } from "node:path"
import { buildSync } from "esbuild"

import { publicEnv } from "./public-env"

/** The module bundled into the page; it sets `globalThis.__benchModules`. */
const ENTRY = "bench/page/controller-entry.ts"

/**
 * A script that defines `globalThis.__benchModules` in a page: the same
 * connection code the popup's hook uses, bundled from source with the
 * PLASMO_PUBLIC_* settings inlined as the build inlines them. The production
 * bundle does not export it, and a page cannot import a module from
 * DevTools, so the benchmark brings its own copy (identical source, bundled
 * by esbuild instead of Parcel) to drive it without React.
 */
export function controllerScript(root: string): string {
  const define = Object.fromEntries(
    Object.entries(publicEnv(root)).map(([key, value]) => [
      `process.env.${key}`,
      JSON.stringify(value)
    ])
  )
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [join(root, ENTRY)],
    tsconfig: join(root, "tsconfig.json"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    define,
    write: false,
    logLevel: "silent"
  })
  return result.outputFiles[0].text
}
