import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

import { pollFor, pollUntil } from "../poll"
import { CdpConnection } from "./cdp-connection"
import { CdpPage } from "./cdp-page"
import { assertBuilt, chromiumArgs, chromiumPath } from "./chromium"
import { extensionIdOf } from "./extension-id"
import { isWorkerOf, stopAllWorkers, type TargetInfo } from "./workers"

/** How `CdpPipeBrowser.launch` starts Chromium. */
export interface LaunchOptions {
  /** More Chromium flags, e.g. `--auto-open-devtools-for-tabs`. */
  args?: readonly string[]
  /** An X display (":99") to run headed on; headless without one. */
  display?: string
  /** The first tab's page (about:blank by default). */
  url?: string
  /** The browser's UI language, which chrome.i18n answers in (en-US by default; see chromiumArgs). */
  lang?: string
}

/**
 * Chromium (headless unless given a display) driven over a bare CDP pipe.
 *
 * Playwright (and Puppeteer) attach DevTools to every service worker, and
 * Chromium never idle-stops a worker that has DevTools attached, so a test
 * or measurement of idle behaviour cannot use them. This driver attaches to
 * the pages it opens and to nothing else: each extension's worker lives and
 * dies as it would for a user.
 */
export class CdpPipeBrowser extends CdpConnection {
  private constructor(
    child: ChildProcess,
    private readonly profile: string,
    /** The loaded extensions' directories, the first one the default. */
    readonly extensionDirs: readonly string[],
    /** Their ids, in the same order. */
    readonly extensionIds: readonly string[]
  ) {
    super(child)
  }

  /**
   * Starts headless Chromium with these unpacked extensions loaded (each
   * manifest must carry a key, which fixes its id) and waits until each one's
   * service worker runs. Several extensions share one browser run, so that
   * two can be measured side by side.
   */
  static async launch(
    extensionDirs: string | readonly string[],
    options: LaunchOptions = {}
  ): Promise<CdpPipeBrowser> {
    const dirs =
      typeof extensionDirs === "string" ? [extensionDirs] : extensionDirs
    dirs.forEach(assertBuilt)
    const profile = mkdtempSync(join(tmpdir(), "ptbm-pipe-"))
    const child = spawn(
      chromiumPath(),
      [
        ...(options.display === undefined ? ["--headless"] : []),
        "--remote-debugging-pipe",
        `--user-data-dir=${profile}`,
        ...chromiumArgs(dirs, options.lang),
        ...(options.args ?? []),
        options.url ?? "about:blank"
      ],
      {
        stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
        env:
          options.display === undefined
            ? process.env
            : { ...process.env, DISPLAY: options.display }
      }
    )
    const browser = new CdpPipeBrowser(
      child,
      profile,
      dirs,
      dirs.map(extensionIdOf)
    )
    await browser.send("Target.setDiscoverTargets", { discover: true })
    for (const id of browser.extensionIds) await browser.waitForWorker(id)
    return browser
  }

  /** Every target the browser has now (pages, frames of other processes, workers). */
  async targets(): Promise<TargetInfo[]> {
    const { targetInfos } = await this.send("Target.getTargets")
    return targetInfos
  }

  /** Attaches to a target this driver did not open (a DevTools window, a panel's frame). */
  async attach(targetId: string): Promise<CdpPage> {
    const { sessionId } = await this.send("Target.attachToTarget", {
      targetId,
      flatten: true
    })
    const page = new CdpPage(this, targetId, sessionId)
    await page.send("Runtime.enable")
    return page
  }

  /**
   * Waits for a page target whose URL `matches` (a popup opened by its
   * shortcut is one, though no driver lists it as a tab) and attaches to it.
   */
  async attachPage(
    matches: (url: string) => boolean,
    timeoutMs = 10_000
  ): Promise<CdpPage> {
    const found = await pollFor(
      async () =>
        (await this.targets()).find(
          (target) => target.type === "page" && matches(target.url)
        ),
      timeoutMs,
      () => new Error("No such page target appeared"),
      50
    )
    const page = await this.attach(found.targetId)
    await page.send("Page.enable")
    return page
  }

  /** Opens `url` in a tab behind the current one (the current tab stays active). */
  async openBackgroundTab(url: string): Promise<CdpPage> {
    await this.send("Target.createTarget", { url, background: true })
    return this.attachPage((target) => target === url)
  }

  /** Ids of the service-worker targets of extension `id` that are running now. */
  async workerTargets(id = this.extensionIds[0]): Promise<string[]> {
    return (await this.targets())
      .filter((target) => isWorkerOf(target, id))
      .map((target) => target.targetId)
  }

  /** Waits until extension `id`'s service worker is running. */
  async waitForWorker(
    id = this.extensionIds[0],
    timeoutMs = 15_000
  ): Promise<void> {
    await pollUntil(
      async () => (await this.workerTargets(id)).length > 0,
      timeoutMs,
      () => new Error(`The service worker of ${id} did not start`),
      50
    )
  }

  /**
   * Opens a page in a new tab (or, with `newWindow`, a window of its own, so
   * it is not hidden behind another tab) and attaches to it (and only to it).
   */
  async openPage(
    url: string,
    options: { newWindow?: boolean } = {}
  ): Promise<CdpPage> {
    const { targetId } = await this.send("Target.createTarget", {
      url: "about:blank",
      newWindow: options.newWindow ?? false
    })
    const { sessionId } = await this.send("Target.attachToTarget", {
      targetId,
      flatten: true
    })
    const page = new CdpPage(this, targetId, sessionId)
    await page.send("Runtime.enable")
    await page.send("Page.enable")
    await page.navigate(url)
    return page
  }

  /** Stops every service worker now (as Chrome does when one idles out). */
  async stopAllWorkers(page: CdpPage): Promise<void> {
    await stopAllWorkers((method) => page.send(method))
  }

  /**
   * Reloads an extension as "Reload" on chrome://extensions does (loading
   * the same unpacked directory again). `chrome.runtime.reload()` cannot
   * stand in: Chromium blocks an extension loaded by --load-extension after it.
   */
  async reloadExtension(dir = this.extensionDirs[0]): Promise<void> {
    await this.send("Extensions.loadUnpacked", { path: dir })
  }

  /** The browser's product string, e.g. "HeadlessChrome/156.0.…". */
  async version(): Promise<string> {
    const { product } = await this.send("Browser.getVersion")
    return product
  }

  /** Closes Chromium and deletes its temporary profile. */
  async close(): Promise<void> {
    await this.closeBrowser()
    rmSync(this.profile, { recursive: true, force: true })
  }
}
