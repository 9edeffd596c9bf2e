import { spawn, type ChildProcess } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

import { CdpPipeBrowser } from "../../tests/e2e/support/cdp-pipe"
import {
  assertBuilt,
  chromiumArgs,
  chromiumPath
} from "../../tests/e2e/support/chromium"

/** The id Chrome gives an unpacked extension whose manifest carries `key`. */
export function extensionIdFromKey(base64Key: string): string {
  const hex = createHash("sha256")
    .update(Buffer.from(base64Key, "base64"))
    .digest("hex")
    .slice(0, 32)
  // Chrome spells the first 128 bits of the hash with the letters a-p.
  return [...hex]
    .map((digit) => String.fromCharCode(97 + parseInt(digit, 16)))
    .join("")
}

/** The id of the unpacked extension in `dir` (its manifest must have a key). */
export function extensionIdOf(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))
  if (typeof manifest.key !== "string") {
    throw new Error(`${dir}/manifest.json has no key: its id would be random`)
  }
  return extensionIdFromKey(manifest.key)
}

type PipeBrowserConstructor = new (
  child: ChildProcess,
  profile: string
) => CdpPipeBrowser

/**
 * Starts headless Chromium over a CDP pipe with both extensions loaded, so
 * that ours and the baseline are measured side by side in one browser run.
 *
 * `CdpPipeBrowser.launch` loads one extension; its constructor (private in
 * TypeScript only) takes the spawned process and profile, which is all its
 * `launch` does differently, so we spawn with both extensions and build the
 * same driver around the process. It attaches to pages only: neither
 * extension's worker gets DevTools attached, so both can idle-stop.
 */
export async function launchBoth(
  oursDir: string,
  baselineDir: string
): Promise<CdpPipeBrowser> {
  assertBuilt(oursDir)
  assertBuilt(baselineDir)
  const both = `${oursDir},${baselineDir}`
  const args = chromiumArgs(oursDir).map((arg) => {
    if (arg.startsWith("--disable-extensions-except=")) {
      return `--disable-extensions-except=${both}`
    }
    if (arg.startsWith("--load-extension=")) return `--load-extension=${both}`
    return arg
  })
  const profile = mkdtempSync(join(tmpdir(), "ptbm-bench-"))
  const child = spawn(
    chromiumPath(),
    [
      "--headless",
      "--remote-debugging-pipe",
      `--user-data-dir=${profile}`,
      ...args,
      "about:blank"
    ],
    { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] }
  )
  const browser = Reflect.construct(
    CdpPipeBrowser as unknown as PipeBrowserConstructor,
    [child, profile]
  )
  await browser.send("Target.setDiscoverTargets", { discover: true })
  await browser.waitForWorker()
  await waitForWorkerOf(browser, extensionIdOf(baselineDir))
  return browser
}

/** Target ids of the running service workers of extension `id`. */
export async function workerTargetsOf(
  browser: CdpPipeBrowser,
  id: string
): Promise<string[]> {
  const { targetInfos } = await browser.send<{
    targetInfos: Array<{ targetId: string; type: string; url: string }>
  }>("Target.getTargets")
  return targetInfos
    .filter(
      (t) =>
        t.type === "service_worker" &&
        t.url.startsWith(`chrome-extension://${id}/`)
    )
    .map((t) => t.targetId)
}

/** Waits until extension `id` has a running service worker. */
export async function waitForWorkerOf(
  browser: CdpPipeBrowser,
  id: string,
  timeoutMs = 15_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if ((await workerTargetsOf(browser, id)).length > 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`The service worker of ${id} did not start`)
}

/** The browser's product string, e.g. "HeadlessChrome/156.0.…". */
export async function browserVersion(browser: CdpPipeBrowser): Promise<string> {
  const { product } = await browser.send<{ product: string }>(
    "Browser.getVersion"
  )
  return product
}
