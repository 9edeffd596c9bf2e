/**
 * The browser half of `npm start`, through web-ext's Node API: web-ext
 * launches the browser (chrome-launcher, --remote-debugging-pipe) and loads
 * the extension with CDP `Extensions.loadUnpacked`; this file then opens the
 * popup in a tab and reports when the browser is gone.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import webExt from "web-ext"

import type { WebExtRunOptions } from "./start-args"
import { UserError } from "./start-support"

/** A browser with the extension loaded. */
export interface RunningBrowser {
  /** Resolves when the browser has exited (closed by hand, crashed, or exit()). */
  closed: Promise<void>
  /** Closes the browser; resolves once it has exited. */
  exit(): Promise<void>
}

/** The last lines the browser printed (chrome-launcher logs them in the profile). */
function errorTail(profileDir: string): string {
  try {
    const text = readFileSync(join(profileDir, "chrome-err.log"), "utf8")
    return text.split(/\r?\n/).filter(Boolean).slice(-15).join("\n")
  } catch {
    return "(it printed nothing)"
  }
}

/**
 * Kills a browser web-ext launched but gave up on (the extension did not
 * load): web-ext leaves it running then, and only chrome-launcher's pid
 * file in the profile says which it is. chrome-launcher starts it as the
 * leader of its own process group (not on Windows), so the group goes.
 */
function killLaunched(profileDir: string): void {
  try {
    const pid = Number(readFileSync(join(profileDir, "chrome.pid"), "utf8"))
    if (!Number.isInteger(pid) || pid <= 0) return
    process.kill(process.platform === "win32" ? pid : -pid, "SIGKILL")
  } catch {
    // Never started, or gone already.
  }
}

/** Launches the browser with the extension loaded, then opens `url` in place of the blank first tab. */
export async function launchBrowser(
  options: WebExtRunOptions,
  url: string
): Promise<RunningBrowser> {
  // chrome-launcher adds a SIGINT listener that kills the browser and calls
  // process.exit(130) at once, before npm start could stop plasmo dev: it is
  // removed below and npm start's own handler stops both.
  const before = new Set(process.listeners("SIGINT"))
  let runner: Awaited<ReturnType<typeof webExt.cmd.run>>
  try {
    runner = await webExt.cmd.run({ ...options }, {})
  } catch (error) {
    killLaunched(options.chromiumProfile)
    const message = error instanceof Error ? error.message : String(error)
    throw new UserError(
      `${options.chromiumBinary} did not start with the extension loaded: ${message}\nIts last lines:\n${errorTail(options.chromiumProfile)}`
    )
  } finally {
    for (const listener of process.listeners("SIGINT")) {
      if (!before.has(listener)) process.off("SIGINT", listener)
    }
  }
  const closed = new Promise<void>((r) => runner.registerCleanup(r))
  try {
    await openInsteadOfBlank(runner, url)
  } catch (error) {
    await runner.exit()
    const message = error instanceof Error ? error.message : String(error)
    throw new UserError(
      `${options.chromiumBinary} did not open ${url}: ${message}\nIts last lines:\n${errorTail(options.chromiumProfile)}`
    )
  }
  return { closed, exit: () => runner.exit() }
}

/**
 * Opens `url` and closes the about:blank tab the browser started with. A URL
 * given at launch would be navigated before the extension is loaded and
 * fail with ERR_BLOCKED_BY_CLIENT.
 */
async function openInsteadOfBlank(
  runner: Awaited<ReturnType<typeof webExt.cmd.run>>,
  url: string
): Promise<void> {
  const cdp = runner.extensionRunners[0]?.cdp
  if (!cdp) throw new Error("the browser exited at start")
  const { targetInfos } = await cdp.sendCommand("Target.getTargets", {})
  await cdp.sendCommand("Target.createTarget", { url })
  for (const target of targetInfos) {
    if (target.type === "page" && target.url === "about:blank") {
      await cdp.sendCommand("Target.closeTarget", {
        targetId: target.targetId
      })
    }
  }
}
