/**
 * `npm start`, end to end: in a copy of the project (plasmo dev writes its
 * dev build there, never next to build/chrome-mv3-prod) and on an X display
 * of the test's own, it starts plasmo dev, has web-ext open Chromium with
 * the extension loaded through CDP, and shows the popup in a tab. Ctrl+C
 * (SIGINT) or closing the browser stops everything: no process it started
 * is left.
 *
 * web-ext talks to the browser over --remote-debugging-pipe; the test asks
 * for a DevTools port as well (`npm start -- --remote-debugging-port=N`,
 * which npm start passes to the browser) to look at it.
 */
import { existsSync, rmSync } from "node:fs"
import { chromium, type Browser, type Page } from "playwright-core"

import { chromiumPath } from "~tools/browser/chromium"
import { pollFor, pollUntil } from "~tools/poll"
import { EXTENSION_ID } from "~tools/project"

import { copyProject, freeDevPorts } from "./support/dev-server"
import { freePort, NpmStart } from "./support/npm-start"
import { Xvfb } from "./support/xvfb"

const POPUP_URL = `chrome-extension://${EXTENSION_ID}/popup.html`
const START_TIMEOUT_MS = 150_000
const STOP_TIMEOUT_MS = 20_000

let xvfb: Xvfb | null = null
let dir: string | null = null

beforeAll(async () => {
  xvfb = await Xvfb.start()
  dir = copyProject()
})

afterAll(async () => {
  await xvfb?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** npm start in the copy, on the test's display, with a DevTools port to look through. */
async function startNpmStart(): Promise<{ run: NpmStart; debugPort: number }> {
  const ports = await freeDevPorts()
  const debugPort = await freePort()
  const run = NpmStart.start(
    dir as string,
    [
      `--serve-port=${ports.serve}`,
      `--hmr-port=${ports.hmr}`,
      `--remote-debugging-port=${debugPort}`
    ],
    {
      ...process.env,
      DISPLAY: xvfb?.display,
      WAYLAND_DISPLAY: "",
      CHROME_PATH: chromiumPath()
    }
  )
  return { run, debugPort }
}

/** Connects to the browser npm start opened once its DevTools port answers. */
async function connect(run: NpmStart, debugPort: number): Promise<Browser> {
  return pollFor(
    () =>
      chromium
        .connectOverCDP(`http://127.0.0.1:${debugPort}`)
        .catch(() => undefined),
    START_TIMEOUT_MS,
    () =>
      new Error(`The browser never opened. npm start printed:\n${run.log()}`),
    500
  )
}

/** The popup tab, once it is open and has rendered its heading. */
async function popupTab(browser: Browser, run: NpmStart): Promise<Page> {
  const pages = () => browser.contexts().flatMap((c) => c.pages())
  const page = await pollFor(
    () => pages().find((p) => p.url() === POPUP_URL),
    30_000,
    () =>
      new Error(
        `No tab with ${POPUP_URL}; tabs: ${pages()
          .map((p) => p.url())
          .join(", ")}. npm start printed:\n${run.log()}`
      ),
    200
  )
  await page.locator("h3").first().waitFor({ timeout: 30_000 })
  return page
}

/** Waits until no process npm start started is left; fails naming them. */
async function expectNothingLeft(run: NpmStart): Promise<void> {
  try {
    await pollUntil(
      () => run.processes().length === 0,
      STOP_TIMEOUT_MS,
      () =>
        new Error(
          `Left running:\n${run
            .processes()
            .map((p) => `  ${p.pid} ${p.command.slice(0, 160)}`)
            .join("\n")}`
        ),
      200
    )
  } finally {
    run.killLeftovers()
  }
}

describe("npm start", () => {
  test(
    "opens the popup with the extension loaded; Ctrl+C stops plasmo dev and the browser",
    async () => {
      const { run, debugPort } = await startNpmStart()
      try {
        const browser = await connect(run, debugPort)
        const page = await popupTab(browser, run)
        expect(await page.locator("h3").first().textContent()).toBe(
          "Message Background"
        )
        // The extension's own worker runs: it was loaded, not just its page opened.
        const targets = (await fetch(
          `http://127.0.0.1:${debugPort}/json/list`
        ).then((r) => r.json())) as { type: string; url: string }[]
        expect(
          targets.some(
            (t) =>
              t.type === "service_worker" &&
              t.url.startsWith(`chrome-extension://${EXTENSION_ID}/`)
          )
        ).toBe(true)
        // plasmo dev and the browser are among what it started.
        const commands = run.processes().map((p) => p.command)
        expect(commands.some((c) => c.includes("plasmo"))).toBe(true)
        expect(
          commands.some((c) => c.includes("--remote-debugging-pipe"))
        ).toBe(true)
        const profile = /--user-data-dir=(\S+)/.exec(commands.join("\n"))?.[1]
        expect(profile && existsSync(profile)).toBe(true)
        await browser.close() // only disconnects: the browser is npm start's

        run.kill("SIGINT")
        const ended = await run.exited
        expect(ended).toEqual({ code: 0, signal: null })
        expect(run.log()).toContain("Stopping…")
        await expectNothingLeft(run)
      } finally {
        run.killLeftovers()
      }
    },
    START_TIMEOUT_MS + 60_000
  )

  test(
    "closing the browser stops plasmo dev too",
    async () => {
      const { run, debugPort } = await startNpmStart()
      try {
        const browser = await connect(run, debugPort)
        await popupTab(browser, run)
        const session = await browser.newBrowserCDPSession()
        await session.send("Browser.close").catch(() => {})
        const ended = await run.exited
        expect(ended).toEqual({ code: 0, signal: null })
        expect(run.log()).toContain(
          "The browser was closed: stopping plasmo dev."
        )
        await expectNothingLeft(run)
      } finally {
        run.killLeftovers()
      }
    },
    START_TIMEOUT_MS + 60_000
  )
})
