import { spawn, type ChildProcess } from "node:child_process"
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chromium, type Browser, type Page } from "playwright-core"

import { chromiumPath } from "~tools/browser/chromium"

import type { Problem } from "./types"

export interface ChromiumLoadOptions {
  /** Chromium binary; default $CHROME_PATH or /usr/bin/chromium. */
  executablePath?: string
  /** Extension pages to open after loading (errors they log are problems). */
  pages?: string[]
  timeoutMs?: number
}

export interface ChromiumLoadResult {
  loaded: boolean
  extensionId: string | null
  problems: Problem[]
  notes: string[]
}

/** Fields of chrome.developerPrivate.ExtensionInfo this check reads. */
interface ExtensionInfo {
  id: string
  name: string
  location: string
  path?: string
  state: string
  installWarnings?: string[]
  manifestErrors?: { message: string; manifestKey?: string }[]
  runtimeErrors?: { message: string; source?: string; severity?: string }[]
}

/** Merges identical messages (a dev build logs the same CSP error dozens of times). */
function collapseRepeats(problems: Problem[]): void {
  const counts = new Map<string, number>()
  for (const p of problems)
    counts.set(p.message, (counts.get(p.message) ?? 0) + 1)
  const merged = [...counts].map(([message, n]) => ({
    check: "chromium",
    message: n > 1 ? `${message} (${n}×)` : message
  }))
  problems.splice(0, problems.length, ...merged)
}

/** Whether the process has exited, waiting up to `ms` (no timer left behind). */
function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(true)
  }
  if (ms === 0) return Promise.resolve(false)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit)
      resolve(false)
    }, ms)
    const onExit = () => {
      clearTimeout(timer)
      resolve(true)
    }
    child.once("exit", onExit)
  })
}

/**
 * Removes a temp dir, retrying while Chromium's last helper processes finish
 * writing into it; gives up quietly (a stray temp dir is no store problem).
 */
export async function removeDir(dir: string): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true })
      return true
    } catch {
      await sleep(250)
    }
  }
  return false
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Launches Chromium with the extension, keeping its stderr, and connects over CDP. */
async function launch(
  dir: string,
  executablePath: string,
  profile: string,
  timeoutMs: number
) {
  // Developer mode turns on Chromium's error console, which is what fills
  // developerPrivate's manifestErrors/runtimeErrors.
  mkdirSync(join(profile, "Default"), { recursive: true })
  writeFileSync(
    join(profile, "Default", "Preferences"),
    JSON.stringify({ extensions: { ui: { developer_mode: true } } })
  )
  // Spawned directly rather than through launchPersistentContext: a load
  // failure at startup is only reported on stderr ("Extension error: Failed
  // to load extension from: …"), which Playwright does not hand back.
  const child = spawn(
    executablePath,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--enable-logging=stderr",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      "about:blank"
    ],
    { stdio: ["ignore", "ignore", "pipe"] }
  )
  const stderr: string[] = []
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("Chromium did not start (no DevTools endpoint)")),
      timeoutMs
    )
    let buffered = ""
    child.stderr!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split("\n")
      buffered = lines.pop()!
      for (const line of lines) {
        stderr.push(line)
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(line)
        if (m) {
          clearTimeout(timer)
          resolve(m[1])
        }
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(
        new Error(
          `Chromium exited with ${code}: ${stderr.slice(-5).join(" | ")}`
        )
      )
    })
  })
  try {
    const browser = await chromium.connectOverCDP(await started)
    return { child, browser, stderr }
  } catch (error) {
    child.kill("SIGKILL")
    child.stderr!.destroy()
    throw error
  }
}

async function extensionsInfo(page: Page): Promise<ExtensionInfo[]> {
  return page.evaluate(() =>
    (
      globalThis as unknown as {
        chrome: {
          developerPrivate: { getExtensionsInfo(o: object): Promise<unknown> }
        }
      }
    ).chrome.developerPrivate.getExtensionsInfo({
      includeDisabled: true,
      includeTerminated: true
    })
  ) as Promise<ExtensionInfo[]>
}

/**
 * Loads an unpacked extension folder in real Chromium and reports what
 * Chromium complains about: a failed load, manifest warnings ("Unrecognized
 * manifest key", keys the manifest version does not allow, …), a service
 * worker that does not start, and errors logged while its pages open.
 */
export async function loadInChromium(
  dir: string,
  options: ChromiumLoadOptions = {}
): Promise<ChromiumLoadResult> {
  const timeoutMs = options.timeoutMs ?? 20_000
  const realDir = realpathSync(dir)
  const profile = mkdtempSync(join(tmpdir(), "store-check-profile-"))
  const problems: Problem[] = []
  const notes: string[] = []
  const add = (message: string) => problems.push({ check: "chromium", message })
  let browser: Browser | null = null
  let child: ChildProcess | null = null
  try {
    const launched = await launch(
      realDir,
      chromiumPath(options.executablePath),
      profile,
      timeoutMs
    )
    browser = launched.browser
    child = launched.child
    const context = browser.contexts()[0]
    const admin = await context.newPage()
    await admin.goto("chrome://extensions")

    const find = async () =>
      (await extensionsInfo(admin)).find(
        (e) => e.location === "UNPACKED" && e.path === realDir
      )
    let info = await find()
    for (let waited = 0; !info && waited < 3000; waited += 250) {
      await sleep(250)
      info = await find()
    }
    if (!info) {
      const reasons = launched.stderr
        .filter((l) => /Extension error|Failed to load extension/i.test(l))
        .map((l) => l.replace(/^\[[^\]]*\]\s*/, ""))
      add(
        `Chromium did not load the extension` +
          (reasons.length
            ? `: ${reasons.join("; ")}`
            : " (no reason on stderr)")
      )
      return { loaded: false, extensionId: null, problems, notes }
    }
    const id = info.id

    // Warnings from the startup load are not in the error console yet (it
    // attaches after command-line extensions load); a reload with developer
    // mode on records them as manifestErrors.
    const loadError = await admin.evaluate(
      (extensionId) =>
        (
          globalThis as unknown as {
            chrome: {
              developerPrivate: {
                reload(id: string, o: object): Promise<unknown>
              }
            }
          }
        ).chrome.developerPrivate.reload(extensionId, {
          failQuietly: true,
          populateErrorForUnpacked: true
        }),
      id
    )
    if (loadError && typeof loadError === "object" && "error" in loadError) {
      add(
        `Chromium failed to reload the extension: ${String((loadError as { error: unknown }).error)}`
      )
    }

    let worker = context
      .serviceWorkers()
      .find((w) => w.url().startsWith(`chrome-extension://${id}/`))
    for (let waited = 0; !worker && waited < 10_000; waited += 250) {
      await sleep(250)
      worker = context
        .serviceWorkers()
        .find((w) => w.url().startsWith(`chrome-extension://${id}/`))
    }

    const pageErrors: string[] = []
    for (const path of options.pages ?? []) {
      const page = await context.newPage()
      page.on("console", (m) => {
        if (m.type() === "error") pageErrors.push(`${path}: ${m.text()}`)
      })
      page.on("pageerror", (e) => pageErrors.push(`${path}: ${e.message}`))
      await page.goto(`chrome-extension://${id}/${path}`, {
        waitUntil: "load",
        timeout: timeoutMs
      })
      await sleep(1000)
      await page.close()
    }
    await sleep(500)

    info = await find()
    if (!info) {
      add("the extension disappeared after a reload")
      return { loaded: false, extensionId: id, problems, notes }
    }
    if (info.state !== "ENABLED")
      add(`the extension's state is ${info.state}, not ENABLED`)
    if (!worker) add("the background service worker did not start")
    for (const warning of info.installWarnings ?? [])
      add(`install warning: ${warning}`)
    for (const error of info.manifestErrors ?? [])
      add(`manifest warning: ${error.message}`)
    for (const error of info.runtimeErrors ?? []) {
      add(
        `runtime error${error.source ? ` in ${error.source}` : ""}: ${error.message}`
      )
    }
    for (const error of pageErrors) add(`page error in ${error}`)
    collapseRepeats(problems)
    notes.push(
      `Chromium ${browser.version()} loaded "${info.name}" (${id})` +
        (worker ? ", service worker running" : "") +
        (options.pages?.length ? `, opened ${options.pages.join(", ")}` : "")
    )
    return { loaded: true, extensionId: id, problems, notes }
  } finally {
    await browser?.close().catch(() => undefined)
    if (child && !(await exited(child, 0))) {
      child.kill("SIGTERM")
      if (!(await exited(child, 5000))) {
        child.kill("SIGKILL")
        await exited(child, 2000)
      }
    }
    // Helpers such as chrome_crashpad_handler outlive the browser and hold
    // stderr open; let go of it so the caller's process can exit.
    child?.stderr?.destroy()
    child?.unref()
    // Chromium's helper processes may still be flushing the profile.
    await removeDir(profile)
  }
}
