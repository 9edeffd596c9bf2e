import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Readable, Writable } from "node:stream"

import {
  assertBuilt,
  chromiumArgs,
  chromiumPath,
  EXTENSION_ID
} from "./chromium"

type Params = Record<string, unknown>
type EventHandler = (params: Params, sessionId?: string) => void

/**
 * A bare Chrome DevTools Protocol client over `--remote-debugging-pipe`.
 *
 * Playwright (and Puppeteer) attach DevTools to every service worker, and
 * Chromium never idle-stops a worker that has DevTools attached, so a test of
 * idle behaviour cannot use them. This driver attaches to the pages it opens
 * and to nothing else: the extension's worker lives and dies as it would for
 * a user.
 */
export class CdpPipeBrowser {
  private nextId = 1
  private readonly pending = new Map<
    number,
    {
      resolve: (value: Params) => void
      reject: (error: Error) => void
      sessionId?: string
    }
  >()
  private readonly handlers = new Map<string, Set<EventHandler>>()
  private buffer = ""

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
    private readonly extensionDir: string
  ) {
    const output = child.stdio[4] as Readable
    output.setEncoding("utf8")
    output.on("data", (chunk: string) => this.receive(chunk))
    child.on("exit", () => {
      for (const { reject } of this.pending.values()) {
        reject(new Error("Chromium exited"))
      }
      this.pending.clear()
    })
    // A page that closes (or is closed by Chrome) never answers what was
    // asked of it: fail those commands instead of waiting forever.
    this.on("Target.detachedFromTarget", ({ sessionId }) => {
      for (const [id, waiter] of this.pending) {
        if (waiter.sessionId === sessionId) {
          this.pending.delete(id)
          waiter.reject(new Error("The page was closed"))
        }
      }
    })
  }

  /** Starts headless Chromium with one unpacked extension loaded. */
  static async launch(extensionDir: string): Promise<CdpPipeBrowser> {
    assertBuilt(extensionDir)
    const profile = mkdtempSync(join(tmpdir(), "ptbm-pipe-"))
    const child = spawn(
      chromiumPath(),
      [
        "--headless",
        "--remote-debugging-pipe",
        `--user-data-dir=${profile}`,
        ...chromiumArgs(extensionDir),
        "about:blank"
      ],
      { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] }
    )
    const browser = new CdpPipeBrowser(child, profile, extensionDir)
    await browser.send("Target.setDiscoverTargets", { discover: true })
    await browser.waitForWorker()
    return browser
  }

  private receive(chunk: string): void {
    this.buffer += chunk
    let end: number
    while ((end = this.buffer.indexOf("\0")) !== -1) {
      const raw = this.buffer.slice(0, end)
      this.buffer = this.buffer.slice(end + 1)
      const message = JSON.parse(raw) as {
        id?: number
        method?: string
        params?: Params
        result?: Params
        error?: { message: string }
        sessionId?: string
      }
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id)
        this.pending.delete(message.id)
        if (message.error) waiter?.reject(new Error(message.error.message))
        else waiter?.resolve(message.result ?? {})
      } else if (message.method) {
        for (const handler of this.handlers.get(message.method) ?? []) {
          handler(message.params ?? {}, message.sessionId)
        }
      }
    }
  }

  /** Sends a CDP command (to a page when `sessionId` is given). */
  send<T = Params>(
    method: string,
    params: Params = {},
    sessionId?: string
  ): Promise<T> {
    const id = this.nextId++
    const input = this.child.stdio[3] as Writable
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (value: Params) => void,
        reject,
        sessionId
      })
      input.write(JSON.stringify({ id, method, params, sessionId }) + "\0")
    })
  }

  /** Subscribes to a CDP event; returns the unsubscribe function. */
  on(method: string, handler: EventHandler): () => void {
    const set = this.handlers.get(method) ?? new Set()
    set.add(handler)
    this.handlers.set(method, set)
    return () => set.delete(handler)
  }

  /** Ids of the extension's service-worker targets that are running now. */
  async workerTargets(): Promise<string[]> {
    const { targetInfos } = await this.send<{
      targetInfos: Array<{ targetId: string; type: string; url: string }>
    }>("Target.getTargets")
    return targetInfos
      .filter(
        (t) =>
          t.type === "service_worker" &&
          t.url.startsWith(`chrome-extension://${EXTENSION_ID}/`)
      )
      .map((t) => t.targetId)
  }

  /** Waits until the extension's service worker is running. */
  async waitForWorker(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if ((await this.workerTargets()).length > 0) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error("The extension's service worker did not start")
  }

  /**
   * Opens a page in a new tab (or, with `newWindow`, a window of its own, so
   * it is not hidden behind another tab) and attaches to it (and only to it).
   */
  async openPage(
    url: string,
    options: { newWindow?: boolean } = {}
  ): Promise<CdpPage> {
    const { targetId } = await this.send<{ targetId: string }>(
      "Target.createTarget",
      { url: "about:blank", newWindow: options.newWindow ?? false }
    )
    const { sessionId } = await this.send<{ sessionId: string }>(
      "Target.attachToTarget",
      { targetId, flatten: true }
    )
    const page = new CdpPage(this, targetId, sessionId)
    await this.send("Runtime.enable", {}, sessionId)
    await this.send("Page.enable", {}, sessionId)
    await page.navigate(url)
    return page
  }

  /** Stops every service worker now (as Chrome does when one idles out). */
  async stopAllWorkers(page: CdpPage): Promise<void> {
    await this.send("ServiceWorker.enable", {}, page.sessionId)
    await this.send("ServiceWorker.stopAllWorkers", {}, page.sessionId)
  }

  /**
   * Reloads the extension as "Reload" on chrome://extensions does (loading
   * the same unpacked directory again). `chrome.runtime.reload()` cannot
   * stand in: Chromium blocks an extension loaded by --load-extension after it.
   */
  async reloadExtension(): Promise<void> {
    await this.send("Extensions.loadUnpacked", { path: this.extensionDir })
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve))
    this.send("Browser.close").catch(() => {})
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      exited,
      new Promise((resolve) => (timer = setTimeout(resolve, 5000)))
    ])
    clearTimeout(timer)
    if (this.child.exitCode === null) this.child.kill("SIGKILL")
    // Release the pipes, or Node (and jest) waits on them forever.
    ;(this.child.stdio[3] as Writable).destroy()
    ;(this.child.stdio[4] as Readable).destroy()
    rmSync(this.profile, { recursive: true, force: true })
  }
}

/** A page attached over the pipe: evaluate, click, type, wait. */
export class CdpPage {
  constructor(
    private readonly browser: CdpPipeBrowser,
    readonly targetId: string,
    readonly sessionId: string
  ) {}

  async navigate(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      const off = this.browser.on("Page.loadEventFired", (_p, sessionId) => {
        if (sessionId === this.sessionId) {
          off()
          resolve()
        }
      })
    })
    await this.browser.send("Page.navigate", { url }, this.sessionId)
    await loaded
  }

  /** Evaluates an expression in the page and returns its (JSON) value. */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.browser.send<{
      result: { value?: T }
      exceptionDetails?: { text: string; exception?: { description?: string } }
    }>(
      "Runtime.evaluate",
      { expression, returnByValue: true, awaitPromise: true },
      this.sessionId
    )
    if (result.exceptionDetails) {
      throw new Error(
        result.exceptionDetails.exception?.description ??
          result.exceptionDetails.text
      )
    }
    return result.result.value as T
  }

  /** Polls a boolean expression until it is true. */
  async waitFor(
    expression: string,
    timeoutMs = 10_000,
    what = expression
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (await this.evaluate<boolean>(`Boolean(${expression})`)) return
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
  }

  /** Clicks the centre of an element with real mouse events. */
  async click(selector: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number } | null>(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)});
        if (!el) return null; const r = el.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 } })()`
    )
    if (!box) throw new Error(`No element matches ${selector}`)
    for (const type of ["mousePressed", "mouseReleased"]) {
      await this.browser.send(
        "Input.dispatchMouseEvent",
        { type, x: box.x, y: box.y, button: "left", clickCount: 1 },
        this.sessionId
      )
    }
  }

  /** Focuses an input, clears it and types text as keyboard input. */
  async type(selector: string, text: string): Promise<void> {
    await this.evaluate(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)});
        el.focus(); el.select(); })()`
    )
    await this.browser.send("Input.insertText", { text }, this.sessionId)
  }

  async text(selector: string): Promise<string | null> {
    return this.evaluate<string | null>(
      `document.querySelector(${JSON.stringify(selector)})?.textContent ?? null`
    )
  }

  async close(): Promise<void> {
    await this.browser.send("Target.closeTarget", { targetId: this.targetId })
  }
}
