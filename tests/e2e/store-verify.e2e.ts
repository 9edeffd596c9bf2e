import { execFile } from "node:child_process"
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { promisify } from "node:util"

import { loadInChromium, removeDir } from "~scripts/store-check/chromium-load"
import { assertBuilt } from "~tools/browser/chromium"
import { PROD_BUILD } from "~tools/project"

const ROOT = resolve(__dirname, "../..")
const run = promisify(execFile)

/** Runs one of the scripts the way `npm run package` / `npm run verify` do. */
async function script(name: string, ...args: string[]) {
  try {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", `scripts/${name}.ts`, ...args],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }
    )
    return { code: 0, stdout }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? 1, stdout: `${e.stdout ?? ""}${e.stderr ?? ""}` }
  }
}

/** A copy of the production build with its manifest changed. */
function brokenCopy(
  change: (manifest: Record<string, unknown>) => void
): string {
  const dir = mkdtempSync(join(tmpdir(), "store-verify-"))
  cpSync(PROD_BUILD, dir, { recursive: true })
  const path = join(dir, "manifest.json")
  const manifest = JSON.parse(readFileSync(path, "utf8")) as Record<
    string,
    unknown
  >
  delete manifest.key
  change(manifest)
  writeFileSync(path, JSON.stringify(manifest))
  return dir
}

describe("store package", () => {
  beforeAll(() => assertBuilt(PROD_BUILD))

  it("packages the production build and passes every store check", async () => {
    const packaged = await script("package", "--no-build")
    expect(packaged).toMatchObject({ code: 0 })
    expect(packaged.stdout).toMatch(/build\/chrome-mv3-prod\.zip: .* KiB/)

    const verified = await script("verify")
    // On failure the numbered problem list is the useful part of the message.
    expect(verified.stdout).toMatch(/passes every check/)
    expect(verified.code).toBe(0)
    expect(verified.stdout).toMatch(
      /Chromium .* loaded "Popup to Background Messaging"/
    )
  })

  it("Chromium's load check reports manifest warnings", async () => {
    const dir = brokenCopy((m) => {
      m.bogus_key = true
    })
    try {
      const result = await loadInChromium(dir)
      expect(result.loaded).toBe(true)
      expect(result.problems.map((p) => p.message)).toContain(
        "manifest warning: Unrecognized manifest key 'bogus_key'."
      )
    } finally {
      await removeDir(dir)
    }
  })

  it("Chromium's load check reports an extension that does not load", async () => {
    const dir = brokenCopy((m) => {
      m.background = { service_worker: "missing.js" }
    })
    try {
      const result = await loadInChromium(dir)
      expect(result.loaded).toBe(false)
      expect(result.problems.map((p) => p.message).join("\n")).toMatch(
        /Chromium did not load the extension: .*Failed to load extension/
      )
    } finally {
      await removeDir(dir)
    }
  })
})
