// `npx tsx scripts/firefox-lint.ts [--no-build]
// [--source-dir=DIR]`:
// builds the Firefox production build (build/firefox-mv3-prod), runs Mozilla's
// linter on it (`web-ext lint --output=json`, the checks addons.mozilla.org
// runs on upload) and prints every error, warning and notice with its file.
// Exits 1 on any error and on any warning not on the commented allow-list in
// scripts/firefox-lint-support.ts; 2 when the build or the linter itself fails.
// `--source-dir=DIR` lints an existing directory instead (implies --no-build).
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"

import {
  ALLOWED_WARNINGS,
  formatVerdict,
  judgeLint,
  parseLintOutput,
  type SourceReader
} from "./firefox-lint-support"

const ROOT = resolve(__dirname, "..")
const SOURCE_DIR_FLAG = "--source-dir="
const sourceDirArg = process.argv.find((a) => a.startsWith(SOURCE_DIR_FLAG))
const BUILD_DIR = sourceDirArg
  ? resolve(sourceDirArg.slice(SOURCE_DIR_FLAG.length))
  : join(ROOT, "build/firefox-mv3-prod")
const BIN = join(ROOT, "node_modules/.bin")

function run(command: string, args: string[]) {
  return spawnSync(join(BIN, command), args, {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_UPDATE_NOTIFIER: "1" }
  })
}

function build(): void {
  console.log("Building: npm run build -- --target=firefox-mv3")
  const result = spawnSync(
    "npm",
    ["run", "build", "--silent", "--", "--target=firefox-mv3"],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }
  )
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "")
    process.stderr.write(result.stderr ?? "")
    console.error(`plasmo build failed (exit ${result.status})`)
    process.exit(2)
  }
}

function main(): void {
  if (!sourceDirArg && !process.argv.includes("--no-build")) build()
  if (!existsSync(join(BUILD_DIR, "manifest.json"))) {
    console.error(`No build in ${BUILD_DIR}; run without --no-build.`)
    process.exit(2)
  }

  console.log(`Linting: web-ext lint --source-dir ${BUILD_DIR} --output=json`)
  // web-ext exits non-zero when the linter reports errors; the JSON decides.
  const lint = run("web-ext", [
    "lint",
    "--source-dir",
    BUILD_DIR,
    "--output=json",
    "--no-config-discovery"
  ])
  let result
  try {
    result = parseLintOutput(lint.stdout ?? "")
  } catch (error) {
    process.stdout.write(lint.stdout ?? "")
    process.stderr.write(lint.stderr ?? "")
    console.error(`Could not read web-ext lint's output: ${String(error)}`)
    process.exit(2)
  }

  const readSource: SourceReader = (file) => {
    const path = resolve(BUILD_DIR, file)
    if (!path.startsWith(`${BUILD_DIR}/`)) return undefined
    try {
      return readFileSync(path, "utf8")
    } catch {
      return undefined
    }
  }
  const verdict = judgeLint(result, ALLOWED_WARNINGS, readSource)
  console.log(formatVerdict(verdict))
  process.exit(verdict.ok ? 0 : 1)
}

main()
