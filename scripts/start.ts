/**
 * `npm start`: the development loop in one command. Starts `plasmo dev`
 * (live reload into build/chrome-mv3-dev), waits for the first build, then
 * has web-ext open a visible browser (Chromium, Chrome for Testing or
 * Google Chrome) on a fresh profile with the extension loaded and its popup
 * in a tab. Closing the browser or pressing Ctrl+C stops everything.
 *
 * Run as `npx tsx scripts/start.ts [--serve-port=N] [--hmr-port=N] [--browser-flag…]`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

import { parseStartArgs, webExtRunOptions } from "./start-args"
import { launchBrowser, type RunningBrowser } from "./start-browser"
import {
  killPlasmoDevNow,
  startPlasmoDev,
  stopPlasmoDev,
  type PlasmoDev
} from "./start-plasmo"
import {
  browserCandidates,
  chromePathProblem,
  findBrowser,
  hasDisplay,
  noBrowserMessage,
  noDisplayMessage,
  pinnedExtensionId,
  UserError
} from "./start-support"

const ROOT = resolve(__dirname, "..")
const BUILD_DIR = join(ROOT, "build", "chrome-mv3-dev")

const say = (text: string) => process.stderr.write(`[npm start] ${text}\n`)

function readProjectFile(name: string): string | null {
  try {
    return readFileSync(join(ROOT, name), "utf8")
  } catch {
    return null
  }
}

async function main(): Promise<number> {
  const args = parseStartArgs(process.argv.slice(2))
  if (!args.ok) throw new UserError(args.error)
  if (!hasDisplay(process.platform, process.env)) {
    throw new UserError(noDisplayMessage())
  }
  const badPath = chromePathProblem(process.env, existsSync)
  if (badPath) throw new UserError(badPath)
  const candidates = browserCandidates(process.platform, process.env)
  const browser = findBrowser(candidates, existsSync)
  if (!browser) throw new UserError(noBrowserMessage(candidates))

  const id = pinnedExtensionId(process.env, readProjectFile)
  const url = id ? `chrome-extension://${id}/popup.html` : "chrome://extensions"
  if (!id) {
    say(
      "No CRX_PUBLIC_KEY in .env: the extension id is not pinned, opening chrome://extensions."
    )
  }

  let dev: PlasmoDev | null = null
  let launching: Promise<RunningBrowser> | null = null
  let profileDir: string | null = null
  let stopping: Promise<void> | null = null
  const removeProfile = () => {
    // Retries: the browser's last helpers may still be closing files in it.
    if (profileDir) {
      rmSync(profileDir, { recursive: true, force: true, maxRetries: 5 })
    }
  }
  const shutdown = () =>
    (stopping ??= (async () => {
      // A browser still being launched is waited for, then closed.
      const running = await launching?.catch(() => null)
      await Promise.all([running?.exit(), dev && stopPlasmoDev(dev)])
      removeProfile()
    })())
  // Whatever way the process ends, plasmo dev does not outlive it.
  process.on("exit", () => {
    if (dev) killPlasmoDevNow(dev)
    removeProfile()
  })

  let interrupted = false
  let markStopped: () => void = () => {}
  const stopped = new Promise<void>((r) => (markStopped = r))
  const onSignal = () => {
    if (interrupted) return
    interrupted = true
    markStopped()
    say("Stopping…")
    void shutdown()
  }
  for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(name, onSignal)
  }

  try {
    say(`Starting plasmo dev (live reload into ${BUILD_DIR})…`)
    dev = startPlasmoDev(ROOT, BUILD_DIR, args.plasmo)
    const first = await Promise.race([
      dev.firstBuild.then(() => "built" as const),
      stopped.then(() => "stopped" as const)
    ])
    if (first === "stopped") {
      await shutdown()
      return 130
    }

    profileDir = mkdtempSync(join(tmpdir(), "ptbm-start-profile-"))
    const runningAsRoot = process.getuid?.() === 0
    say(`Opening ${browser.path} with ${url}`)
    if (runningAsRoot) {
      say("Running as root: Chromium needs --no-sandbox for that (added).")
    }
    launching = launchBrowser(
      webExtRunOptions({
        extensionDir: BUILD_DIR,
        browserPath: browser.path,
        profileDir,
        browserArgs: args.browser,
        runningAsRoot
      }),
      url
    )
    const running = await launching
    say(
      "Edit the source and reopen the popup to see the change. Close the browser or press Ctrl+C to stop."
    )

    const ended = await Promise.race([
      running.closed.then(() => "browser" as const),
      dev.exited.then(() => "plasmo" as const),
      stopped.then(() => "signal" as const)
    ])
    if (ended === "browser") say("The browser was closed: stopping plasmo dev.")
    if (ended === "plasmo") {
      say("plasmo dev exited (its output is above): closing the browser.")
      await shutdown()
      return 1
    }
    await shutdown()
    return 0
  } catch (error) {
    await shutdown()
    if (interrupted) return 130
    throw error
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UserError) {
      process.stderr.write(`\n${error.message}\n`)
    } else {
      process.stderr.write(
        `\nnpm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
      )
    }
    process.exit(1)
  }
)
