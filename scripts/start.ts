/**
 * `npm start`: the development loop in one command. Starts `plasmo dev`
 * (live reload into build/chrome-mv3-dev), waits for the first build, then
 * opens a visible Chromium window on a fresh profile with the extension
 * loaded and its popup in a tab. Closing the browser or pressing Ctrl+C
 * stops everything.
 *
 * Run as `npx tsx scripts/start.ts`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

import {
  brandedChromeWarning,
  browserArgs,
  browserCandidates,
  chromePathProblem,
  findBrowser,
  hasDisplay,
  majorVersion,
  noBrowserMessage,
  noDisplayMessage,
  openUrlArgs,
  pinnedExtensionId
} from "./start-support"

const ROOT = resolve(__dirname, "..")
const BUILD_DIR = join(ROOT, "build", "chrome-mv3-dev")
const FIRST_BUILD_TIMEOUT_MS = 180_000

/** An expected failure: printed as is, no stack trace, exit code 1. */
class UserError extends Error {}

const say = (text: string) => process.stderr.write(`[npm start] ${text}\n`)

function readProjectFile(name: string): string | null {
  try {
    return readFileSync(join(ROOT, name), "utf8")
  } catch {
    return null
  }
}

function browserVersion(path: string): number | null {
  if (process.platform === "win32") return null // chrome.exe --version prints nothing
  const result = spawnSync(path, ["--version"], {
    encoding: "utf8",
    timeout: 10_000
  })
  return majorVersion(`${result.stdout ?? ""}`)
}

/** Starts `plasmo dev` in its own process group, echoing its output. */
function startPlasmoDev(): { child: ChildProcess; firstBuild: Promise<void> } {
  const cli = join(ROOT, "node_modules", "plasmo", "bin", "index.mjs")
  if (!existsSync(cli)) {
    throw new UserError("Plasmo is not installed: run `npm install` first.")
  }
  const child = spawn(process.execPath, [cli, "dev"], {
    cwd: ROOT,
    detached: process.platform !== "win32",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" }
  })
  const firstBuild = new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new UserError(
            `plasmo dev did not finish its first build within ${FIRST_BUILD_TIMEOUT_MS / 1000} s (its output is above).`
          )
        ),
      FIRST_BUILD_TIMEOUT_MS
    )
    const watch = (chunk: Buffer) => {
      const text = chunk.toString("utf8")
      process.stdout.write(text)
      if (
        /re-packaged/.test(text) &&
        existsSync(join(BUILD_DIR, "manifest.json"))
      ) {
        clearTimeout(timer)
        resolvePromise()
      }
    }
    child.stdout?.on("data", watch)
    child.stderr?.on("data", watch)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      reject(
        new UserError(
          `plasmo dev exited (${signal ?? `code ${code}`}) before the first build finished; its output is above.`
        )
      )
    })
  })
  return { child, firstBuild }
}

/** Stops a child and everything it started; resolves when it has exited. */
async function stop(child: ChildProcess | null, group: boolean): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once("exit", r))
  const signal = (name: NodeJS.Signals) => {
    try {
      if (group && child.pid) process.kill(-child.pid, name)
      else child.kill(name)
    } catch {
      // Already gone.
    }
  }
  signal("SIGTERM")
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 5000)))
  ])
  clearTimeout(timer)
  if (late) {
    signal("SIGKILL")
    await exited
  }
}

async function main(): Promise<number> {
  if (!hasDisplay(process.platform, process.env)) {
    throw new UserError(noDisplayMessage())
  }
  const badPath = chromePathProblem(process.env, existsSync)
  if (badPath) throw new UserError(badPath)
  const candidates = browserCandidates(process.platform, process.env)
  const browser = findBrowser(candidates, existsSync)
  if (!browser) throw new UserError(noBrowserMessage(candidates))

  const warning = brandedChromeWarning(
    browser,
    browser.kind === "branded-chrome" ? browserVersion(browser.path) : null,
    BUILD_DIR
  )
  if (warning) say(`Warning: ${warning}`)

  const id = pinnedExtensionId(process.env, readProjectFile)
  const url = id ? `chrome-extension://${id}/popup.html` : "chrome://extensions"
  if (!id) {
    say(
      "No CRX_PUBLIC_KEY in .env: the extension id is not pinned, opening chrome://extensions."
    )
  }

  let plasmo: ChildProcess | null = null
  let chromium: ChildProcess | null = null
  let profileDir: string | null = null
  let stopping: Promise<void> | null = null
  const group = process.platform !== "win32"
  const runningAsRoot = process.getuid?.() === 0
  const shutdown = () =>
    (stopping ??= (async () => {
      await Promise.all([stop(chromium, false), stop(plasmo, group)])
      if (profileDir) rmSync(profileDir, { recursive: true, force: true })
    })())

  let interrupted = false
  let markStopped: () => void = () => {}
  const stopped = new Promise<void>((r) => (markStopped = r))
  const onSignal = () => {
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
    const dev = startPlasmoDev()
    plasmo = dev.child
    const plasmoExited = new Promise<void>((r) =>
      dev.child.once("exit", () => r())
    )
    const first = await Promise.race([
      dev.firstBuild.then(() => "built" as const),
      stopped.then(() => "stopped" as const)
    ])
    if (first === "stopped") {
      await shutdown()
      return 130
    }

    profileDir = mkdtempSync(join(tmpdir(), "ptbm-start-profile-"))
    const args = browserArgs({
      profileDir,
      extensionDir: BUILD_DIR,
      browser,
      runningAsRoot
    })
    say(`Opening ${browser.path} with ${url}`)
    if (runningAsRoot) {
      say("Running as root: Chromium needs --no-sandbox for that (added).")
    }
    const launchedAt = Date.now()
    const errorTail: string[] = []
    chromium = spawn(browser.path, args, {
      stdio: ["ignore", "ignore", "pipe"]
    })
    chromium.stderr?.on("data", (chunk: Buffer) => {
      errorTail.push(...chunk.toString("utf8").split(/\r?\n/).filter(Boolean))
      errorTail.splice(0, Math.max(0, errorTail.length - 15))
    })
    const browserExited = new Promise<void>((resolveExit, reject) => {
      chromium?.once("exit", (code) => {
        // Closed by hand takes longer than this; a crash at start does not.
        if (code !== 0 && Date.now() - launchedAt < 5000) {
          reject(
            new UserError(
              `${browser.path} exited at once (code ${code}). Its last lines:\n${errorTail.join("\n")}`
            )
          )
        } else resolveExit()
      })
      chromium?.once("error", (error) =>
        reject(
          new UserError(`Could not start ${browser.path}: ${error.message}`)
        )
      )
    })
    // Open the popup once the extension is up (a URL at launch is blocked).
    await new Promise((r) => setTimeout(r, 2500))
    if (chromium.exitCode === null) {
      spawn(browser.path, openUrlArgs({ profileDir, url, runningAsRoot }), {
        stdio: "ignore"
      }).on("error", () => {})
    }
    say(
      "Edit the source and reopen the popup to see the change. Close the browser or press Ctrl+C to stop."
    )

    const ended = await Promise.race([
      browserExited.then(() => "browser" as const),
      plasmoExited.then(() => "plasmo" as const),
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
