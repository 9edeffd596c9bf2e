/**
 * Checks a store zip offline, the way a store review would, then loads it in
 * real Chromium:
 *
 *   npx tsx scripts/verify.ts [--target=chrome-mv3|edge-mv3] [zip] [--no-chromium]
 *
 * Prints every problem as a numbered list and exits 1 if there is any.
 * The zip defaults to build/<target>-prod.zip (made by `npm run package`).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve } from "node:path"

import { loadInChromium, removeDir } from "./store-check/chromium-load"
import { RELEASED_VERSIONS_FILE, STORE_IMAGES } from "./store-check/config"
import { zipPath } from "./store-check/icon-checks"
import { checkPackageZip, releasedVersionsFor } from "./store-check/index"
import {
  targetFromArg,
  type FileMap,
  type Manifest,
  type Problem,
  type Target
} from "./store-check/types"

const ROOT = resolve(__dirname, "..")

interface Args {
  target: Target
  zip: string
  chromium: boolean
}

function parseArgs(argv: string[]): Args {
  let target: Target = "chrome-mv3"
  let zip: string | null = null
  let chromium = true
  for (const arg of argv) {
    if (arg === "--no-chromium") chromium = false
    else if (arg.startsWith("--target=")) target = targetFromArg(arg)
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`)
    else zip = resolve(arg)
  }
  return {
    target,
    zip: zip ?? join(ROOT, "build", `${target}-prod.zip`),
    chromium
  }
}

/** The extension pages worth opening in Chromium: popup, side panel, options. */
function extensionPages(manifest: Manifest): string[] {
  const get = (o: unknown, k: string) =>
    o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined
  return [
    get(manifest.action, "default_popup"),
    get(manifest.side_panel, "default_path"),
    manifest.options_page,
    get(manifest.options_ui, "page")
  ]
    .filter((p): p is string => typeof p === "string")
    .map(zipPath)
}

function unzipTo(files: FileMap): string {
  const dir = mkdtempSync(join(tmpdir(), "store-check-ext-"))
  for (const [path, bytes] of files) {
    const target = join(dir, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, bytes)
  }
  return dir
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2))
  const rel = relative(ROOT, args.zip)
  const shown = rel && !rel.startsWith("..") ? rel : args.zip
  if (!existsSync(args.zip)) {
    console.error(
      `verify: ${shown} does not exist; run \`npm run package\` first`
    )
    return 1
  }
  console.log(`Verifying ${shown} for ${args.target}`)
  const zip = readFileSync(args.zip)
  const released = releasedVersionsFor(
    readFileSync(join(ROOT, RELEASED_VERSIONS_FILE), "utf8"),
    args.target
  )
  const storeImages: FileMap = new Map()
  for (const { path } of STORE_IMAGES) {
    const full = join(ROOT, path)
    if (existsSync(full)) storeImages.set(path, readFileSync(full))
  }
  const checked = checkPackageZip(zip, {
    releasedVersions: released,
    storeImages
  })
  const problems: Problem[] = [...checked.problems]
  const notes = [...checked.notes]

  if (!args.chromium) {
    notes.push("Chromium load skipped (--no-chromium)")
  } else if (checked.manifest) {
    const dir = unzipTo(checked.files)
    try {
      const loaded = await loadInChromium(dir, {
        pages: extensionPages(checked.manifest)
      })
      problems.push(...loaded.problems)
      notes.push(...loaded.notes)
    } catch (error) {
      problems.push({
        check: "chromium",
        message: `could not run the load check: ${(error as Error).message}`
      })
    } finally {
      await removeDir(dir)
    }
  } else {
    notes.push("Chromium load skipped: no readable manifest")
  }

  for (const note of notes) console.log(`  · ${note}`)
  if (problems.length === 0) {
    console.log(`OK: ${shown} passes every check.`)
    return 0
  }
  console.log(
    `\n${problems.length} problem${problems.length === 1 ? "" : "s"}:`
  )
  problems.forEach((p, i) =>
    console.log(`${String(i + 1).padStart(3)}. [${p.check}] ${p.message}`)
  )
  return 1
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`verify: ${error.message}`)
    process.exit(1)
  }
)
