/**
 * Builds the extension for a store and zips it:
 *
 *   npx tsx scripts/package.ts [--target=chrome-mv3|edge-mv3] [--no-build]
 *
 * Runs `npm run build -- --target=…` (production) unless --no-build, then writes
 * build/<target>-prod.zip itself: manifest.json at the root, no source maps,
 * no manifest `key`, entries sorted with fixed timestamps (same build, same
 * bytes). Check the result with `npm run verify`.
 */
import { spawnSync } from "node:child_process"
import { existsSync, writeFileSync } from "node:fs"
import { join, relative, resolve } from "node:path"

import { formatBytes } from "./store-check/bundle-checks"
import { prepareForStore, readBuildDir } from "./store-check/prepare"
import { targetFromArg, type Target } from "./store-check/types"
import { writeZip } from "./store-check/write-zip"

const ROOT = resolve(__dirname, "..")

function parseArgs(argv: string[]): { target: Target; build: boolean } {
  let target: Target = "chrome-mv3"
  let build = true
  for (const arg of argv) {
    if (arg === "--no-build") build = false
    else if (arg.startsWith("--target=")) target = targetFromArg(arg)
    else throw new Error(`unknown argument ${arg}`)
  }
  return { target, build }
}

function main(): void {
  const { target, build } = parseArgs(process.argv.slice(2))
  const buildDir = join(ROOT, "build", `${target}-prod`)
  if (build) {
    // Through `npm run build`, so the package gets the build's own flags.
    const run = spawnSync(
      "npm",
      ["run", "build", "--silent", "--", `--target=${target}`],
      { cwd: ROOT, stdio: "inherit" }
    )
    if (run.status !== 0) {
      throw new Error(
        `npm run build -- --target=${target} failed (${run.status ?? run.signal})`
      )
    }
  }
  if (!existsSync(join(buildDir, "manifest.json"))) {
    throw new Error(
      `no build at ${relative(ROOT, buildDir)}: run without --no-build`
    )
  }
  const build_ = readBuildDir(buildDir)
  const { files, removed } = prepareForStore(build_)
  const zip = writeZip(files)
  const zipPath = join(ROOT, "build", `${target}-prod.zip`)
  writeFileSync(zipPath, zip)
  const unpacked = [...files.values()].reduce((n, b) => n + b.byteLength, 0)
  if (removed.length) console.log(`Left out: ${removed.join(", ")}`)
  console.log(
    `${relative(ROOT, zipPath)}: ${formatBytes(zip.byteLength)} (${zip.byteLength} bytes), ` +
      `${files.size} files, ${formatBytes(unpacked)} unpacked`
  )
}

try {
  main()
} catch (error) {
  console.error(`package: ${(error as Error).message}`)
  process.exit(1)
}
