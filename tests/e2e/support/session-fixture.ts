import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import { EXTENSION_ID, PROD_BUILD } from "~tools/project"

import { launchExtension, type ExtensionSession } from "./extension"
import { PipeView } from "./pipe-view"

interface SessionOptions {
  /** One session for the whole file instead of a fresh one per test. */
  perFile?: boolean
  /**
   * Fail each test whose service worker threw, rejected unhandled or logged
   * console.error, whatever the test did (checked before the browser closes).
   */
  noWorkerErrors?: boolean
}

/**
 * Registers jest hooks that launch the production build through Playwright
 * and close it again; returns the current session.
 */
export function setUpExtensionSession(
  options: SessionOptions = {}
): () => ExtensionSession {
  let session: ExtensionSession | undefined
  const [setUp, tearDown] = options.perFile
    ? [beforeAll, afterAll]
    : [beforeEach, afterEach]
  setUp(async () => {
    session = await launchExtension()
  })
  tearDown(async () => {
    const current = session
    session = undefined
    if (!current) return
    const errors = options.noWorkerErrors ? await current.workerErrors() : []
    await current.close()
    expect(errors).toEqual([])
  })
  return () => {
    if (!session) throw new Error("No extension session outside a test")
    return session
  }
}

/** A fresh CDP-pipe browser per test, and views opened in it. */
export interface PipeSession {
  browser(): CdpPipeBrowser
  /** Opens one of our pages (in a window of its own with `newWindow`) and waits until it can be used. */
  openView(
    file: "popup.html" | "sidepanel.html",
    options?: { newWindow?: boolean }
  ): Promise<PipeView>
}

/**
 * Registers jest hooks that launch the production build over the CDP pipe
 * (no DevTools on the worker, so it idles out as for a user) before each
 * test and close it after.
 */
export function setUpPipeSession(): PipeSession {
  let browser: CdpPipeBrowser | undefined
  beforeEach(async () => {
    browser = await CdpPipeBrowser.launch(PROD_BUILD)
  })
  afterEach(async () => {
    await browser?.close()
    browser = undefined
  })
  const current = () => {
    if (!browser) throw new Error("No browser outside a test")
    return browser
  }
  return {
    browser: current,
    async openView(file, options = {}) {
      const url = `chrome-extension://${EXTENSION_ID}/${file}`
      const view = new PipeView(await current().openPage(url, options))
      await view.ready()
      return view
    }
  }
}
