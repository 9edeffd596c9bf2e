import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import { pollUntil } from "~tools/poll"
import { PROD_BUILD } from "~tools/project"

import { PipeView } from "./pipe-view"
import { serveTestPages } from "./test-pages"
import { WidgetPage } from "./widget-page"
import { Xvfb } from "./xvfb"

/** What a "Join from this tab" test works with. */
export interface TabJoinSession {
  browser: CdpPipeBrowser
  xvfb: Xvfb
  /** The test page's URL (the tab the browser opened with). */
  pageUrl: string
  /** The test page's tab, once loaded. */
  tab(): Promise<WidgetPage>
  /** Opens `file` of this extension in a tab behind the test page, ready to use. */
  openView(file: "popup.html" | "sidepanel.html"): Promise<PipeView>
  /**
   * Presses the real `_execute_action` shortcut in the window titled
   * `title` and attaches to the popup it opens.
   */
  openPopupByShortcut(title?: string): Promise<PipeView>
  /** Waits until the browser closed `view`'s page (a popup closes itself, or loses focus). */
  waitUntilClosed(view: PipeView): Promise<void>
}

/** The test page's title, as its window is named ("<title> - Chromium"). */
const WINDOW_TITLE = "Join test page - Chromium"

/**
 * Registers jest hooks that start, for each test, an X display, the test
 * page's server and headed Chromium (production build) showing that page.
 */
export function setUpTabJoinSession(extensionId: string): () => TabJoinSession {
  let session: (TabJoinSession & { close(): Promise<void> }) | undefined

  beforeEach(async () => {
    const pages = await serveTestPages()
    const xvfb = await Xvfb.start()
    const browser = await CdpPipeBrowser.launch(PROD_BUILD, {
      display: xvfb.display,
      url: pages.url,
      args: ["--window-size=1200,850"]
    })
    const viewUrl = (file: string) =>
      `chrome-extension://${extensionId}/${file}`
    session = {
      browser,
      xvfb,
      pageUrl: pages.url,
      async tab() {
        const page = await browser.attachPage((url) => url === pages.url)
        // Pressed earlier, the shortcut opens the popup but grants nothing.
        await page.waitFor(
          `location.href === ${JSON.stringify(pages.url)} && document.readyState === "complete"`
        )
        return new WidgetPage(page)
      },
      async openView(file) {
        const view = new PipeView(
          await browser.openBackgroundTab(viewUrl(file))
        )
        await view.ready()
        return view
      },
      async openPopupByShortcut(title = WINDOW_TITLE) {
        xvfb.focusWindow(title)
        xvfb.xdotool("key", "--clearmodifiers", "ctrl+shift+y")
        const popup = new PipeView(
          await browser.attachPage((url) => url === viewUrl("popup.html"))
        )
        await popup.ready()
        return popup
      },
      async waitUntilClosed(view) {
        await pollUntil(
          async () =>
            !(await browser.targets()).some(
              (target) => target.targetId === view.page.targetId
            ),
          10_000,
          () => new Error("The view's page is still open")
        )
      },
      async close() {
        await browser.close()
        await xvfb.stop()
        await pages.close()
      }
    }
  })

  afterEach(async () => {
    await session?.close()
    session = undefined
  })

  return () => {
    if (!session) throw new Error("No session outside a test")
    return session
  }
}
