import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  chromium,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
  type Worker
} from "playwright-core"

import {
  assertBuilt,
  chromiumArgs,
  chromiumPath
} from "~tools/browser/chromium"
import { isWorkerOf, stopAllWorkers } from "~tools/browser/workers"
import { EXTENSION_ID, PROD_BUILD } from "~tools/project"

import { ViewPage } from "./view-page"
import { WorkerErrorWatch } from "./worker-errors"

export interface ExtensionSession {
  context: BrowserContext
  extensionId: string
  /** Lines the service worker logged (all workers of this run, in order). */
  workerLogs: string[]
  /**
   * What went wrong in the service worker (all workers of this run, in
   * order): uncaught exceptions, unhandled rejections and console.error
   * calls. Waits until every running worker has reported what it had.
   */
  workerErrors(): Promise<string[]>
  /** The watch behind `workerErrors()`, for the test that proves it works. */
  errorWatch: WorkerErrorWatch
  /** Opens `popup.html` (or another page of ours) in a new tab. */
  openView(
    page?:
      "popup.html" | "sidepanel.html" | "tabs/ports-panel.html" | "options.html"
  ): Promise<ViewPage>
  /** Stops the service worker the way Chrome does when it idles out. */
  stopWorker(): Promise<void>
  /** The running service worker, waiting for one to start if needed. */
  worker(): Promise<Worker>
  close(): Promise<void>
}

/**
 * Launches Chromium with the production build loaded, through Playwright.
 * Playwright attaches DevTools to the service worker, which keeps it from
 * idling out: tests of idle behaviour use ~tools/browser/cdp-browser instead.
 */
export async function launchExtension(
  extensionDir = PROD_BUILD
): Promise<ExtensionSession> {
  assertBuilt(extensionDir)
  const profile = mkdtempSync(join(tmpdir(), "ptbm-profile-"))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs([extensionDir])
  })
  const workerLogs: string[] = []
  const watch = (worker: Worker) => {
    worker.on("console", (message: ConsoleMessage) =>
      workerLogs.push(message.text())
    )
  }
  context.on("serviceworker", watch)
  context.serviceWorkers().forEach(watch)
  const errorWatch = await WorkerErrorWatch.start(context)

  async function worker(): Promise<Worker> {
    const running = context
      .serviceWorkers()
      .find((w) =>
        isWorkerOf({ type: "service_worker", url: w.url() }, EXTENSION_ID)
      )
    return running ?? context.waitForEvent("serviceworker", { timeout: 15_000 })
  }

  const first = await worker()
  const extensionId = new URL(first.url()).host
  if (extensionId !== EXTENSION_ID) {
    throw new Error(
      `Extension id ${extensionId} is not the pinned ${EXTENSION_ID}: is CRX_PUBLIC_KEY in .env?`
    )
  }

  let cdpPage: Page | null = null
  return {
    context,
    extensionId,
    workerLogs,
    errorWatch,
    async workerErrors() {
      await errorWatch.settled()
      return [...errorWatch.errors]
    },
    worker,
    async openView(file = "popup.html") {
      const page = await context.newPage()
      await page.goto(`chrome-extension://${extensionId}/${file}`)
      return new ViewPage(page)
    },
    async stopWorker() {
      cdpPage ??= await context.newPage()
      const cdp = await context.newCDPSession(cdpPage)
      await stopAllWorkers((method) => cdp.send(method))
      await cdp.detach()
    },
    async close() {
      await errorWatch.stop()
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  }
}
