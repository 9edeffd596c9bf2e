import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { resolve } from "node:path"

import { stopAllWorkers } from "~tools/browser/workers"
import { pollUntil } from "~tools/poll"
import { EXTENSION_ID } from "~tools/project"

import type { PipeView } from "./support/pipe-view"
import { setUpTabJoinSession } from "./support/tab-join-session"
import { serveTestPages } from "./support/test-pages"
import type { WidgetPage } from "./support/widget-page"

const DOCS = resolve(__dirname, "../../docs")
const session = setUpTabJoinSession(EXTENSION_ID)

/** Texts of a view's log rows as "origin: text". */
function logRows(view: PipeView): Promise<string[]> {
  return view.page.evaluate<string[]>(
    `[...document.querySelectorAll("#log .log-entry")].map((row) =>
      row.querySelector(".log-origin")?.textContent + ": " +
      row.querySelector(".log-out")?.textContent?.slice(2))`
  )
}

async function waitForRows(view: PipeView, rows: string[]): Promise<void> {
  await pollUntil(
    async () => JSON.stringify(await logRows(view)) === JSON.stringify(rows),
    10_000,
    () => new Error(`The log never read ${JSON.stringify(rows)}`)
  )
}

async function waitForPresence(view: PipeView, text: string): Promise<void> {
  await view.page.waitFor(
    `document.querySelector("#presence")?.textContent === ${JSON.stringify(text)}`
  )
}

/**
 * Connects the popup and clicks "Join from this tab": the widget connects by
 * itself and takes the focus, and the popup closes itself.
 */
async function join(popup: PipeView, tab: WidgetPage): Promise<void> {
  await popup.connect()
  await popup.page.waitFor(`!document.querySelector("#joinTabBtn").disabled`)
  // element.click() is enough: the shortcut made the activeTab grant.
  await popup.page
    .evaluate(`document.querySelector("#joinTabBtn").click()`)
    .catch(() => {}) // the popup may close before the answer comes back
  await session().waitUntilClosed(popup)
  await tab.waitForText("status", "Connected")
  expect(await tab.focused()).toBe("input")
}

/**
 * From an extension page, runs a script of ours in `tabId` that was not
 * injected through "Join from this tab", opens a port and says hello as a
 * tab in mv3-port's wire: "welcome" when admitted, "disconnected" when
 * refused (the worker must close a port it refuses: the package leaves a
 * refused port unread, not closed).
 */
function helloFromUnrecordedScript(view: PipeView, tabId: number) {
  return view.page.evaluate<string>(`chrome.scripting.executeScript({
    target: { tabId: ${tabId} },
    func: () => new Promise((resolve) => {
      const port = chrome.runtime.connect({ name: "popup-connection" })
      port.onMessage.addListener((message) => resolve(message.k))
      port.onDisconnect.addListener(() => resolve("disconnected"))
      port.postMessage({ k: "hello", data: { clientId: "probe", kind: "tab" } })
    })
  }).then(([result]) => result.result)`)
}

/** The tabs the background holds a record of, from `chrome.storage.session`. */
function recordedTabs(view: PipeView): Promise<number[]> {
  return view.page.evaluate<number[]>(
    `chrome.storage.session.get(null).then((items) => Object.keys(items)
      .filter((key) => key.startsWith("tab:")).map((key) => Number(key.slice(4))))`
  )
}

test("a tab joins from the popup, talks to every view and loses nothing over a worker stop", async () => {
  const tab = await session().tab()
  const panel = await session().openView("sidepanel.html")
  await panel.connect()
  const popup = await session().openPopupByShortcut()
  await popup.connect()
  await waitForPresence(panel, "2 views connected (popup 1, side panel 1)")
  await join(popup, tab)
  await waitForPresence(panel, "2 views connected (side panel 1, tab 1)")

  await tab.send("hello from the tab")
  await tab.waitForText(
    "response",
    'Reply: Background received: "hello from the tab"'
  )
  await waitForRows(panel, ["Tab: hello from the tab"])

  // Joining again from a new popup keeps the one widget, and focuses it.
  const again = await session().openPopupByShortcut()
  await join(again, tab)
  expect(
    await tab.page.evaluate(
      `document.querySelectorAll("popup-to-background-widget").length`
    )
  ).toBe(1)
  await waitForPresence(panel, "2 views connected (side panel 1, tab 1)")
  // The popup's hello and goodbye are all the log got of it.
  await waitForRows(panel, ["Tab: hello from the tab"])

  mkdirSync(DOCS, { recursive: true })
  const { data } = await tab.page.send("Page.captureScreenshot", {
    format: "png"
  })
  writeFileSync(resolve(DOCS, "widget.png"), Buffer.from(data, "base64"))
  expect(readFileSync(resolve(DOCS, "widget.png")).length).toBeGreaterThan(1000)

  // The worker stops under the connected widget; what the user sends at
  // once waits for the reconnect, and nothing is lost or doubled.
  await stopAllWorkers((method) => panel.page.send(method))
  await tab.send("sent while the worker was stopped")
  await tab.waitForText(
    "response",
    'Reply: Background received: "sent while the worker was stopped"'
  )
  await tab.waitForText("status", "Connected")
  // The worker did stop: the side panel lost its port too.
  expect(await panel.statusHistory()).toContain("Reconnecting… (attempt 1)")
  await waitForRows(panel, [
    "Tab: hello from the tab",
    "Tab: sent while the worker was stopped"
  ])
  expect((await panel.storedLog()).map((entry) => entry.text)).toEqual([
    "hello from the tab",
    "sent while the worker was stopped"
  ])

  // Close removes the widget and leaves the conversation.
  await tab.close()
  await tab.waitUntil(async () => (await tab.shadow()) === null, "no widget")
  await waitForPresence(panel, "1 view connected (side panel 1)")
})

test("the page cannot read, reach or script the widget", async () => {
  const tab = await session().tab()
  const panel = await session().openView("sidepanel.html")
  const popup = await session().openPopupByShortcut()
  await join(popup, tab)

  const html = `<img src=x onerror="window.pwned = true">`
  await tab.send(html)
  await tab.waitForText("response", `Reply: Background received: "${html}"`)
  await panel.connect()
  await waitForRows(panel, [`Tab: ${html}`])
  expect(
    await panel.page.evaluate(`document.querySelectorAll("#log img").length`)
  ).toBe(0)

  const shadow = await tab.shadow()
  expect(shadow?.type).toBe("closed")
  expect(shadow?.nodes.filter((node) => node.localName === "img")).toEqual([])
  // The page's `* { color: … !important }` does not reach inside.
  expect(await tab.style("h2", "color")).toBe("rgb(27, 27, 31)")
  expect(await tab.probe()).toEqual({
    host: true,
    shadowRoot: false,
    stolen: 0,
    hostText: "",
    runtime: "undefined",
    pwned: false
  })
})

test("a reload ends the widget, and the background forgets the tab", async () => {
  const tab = await session().tab()
  const panel = await session().openView("sidepanel.html")
  const popup = await session().openPopupByShortcut()
  await join(popup, tab)
  const [tabId] = await recordedTabs(panel)
  expect(typeof tabId).toBe("number")

  // A same-document navigation keeps the widget and its record: after a
  // worker stop it is admitted again.
  await tab.page.evaluate(`history.pushState({}, "", "?step=2")`)
  await stopAllWorkers((method) => panel.page.send(method))
  await tab.send("after pushState and a worker stop")
  await tab.waitForText(
    "response",
    'Reply: Background received: "after pushState and a worker stop"'
  )
  expect(await recordedTabs(panel)).toEqual([tabId])

  // One port per tab: while the widget holds it, another script is refused;
  // once it closed, a script of ours in the same document gets in.
  expect(await helloFromUnrecordedScript(panel, tabId)).toBe("disconnected")
  await tab.close()
  expect(await helloFromUnrecordedScript(panel, tabId)).toBe("welcome")

  await tab.page.navigate(session().pageUrl)
  expect(await tab.shadow()).toBeNull()
  await pollUntil(
    async () => (await recordedTabs(panel)).length === 0,
    10_000,
    () => new Error("The background still holds the tab's record")
  )
  expect(await helloFromUnrecordedScript(panel, tabId)).toBe("disconnected")
})

// Chrome 156 gives the popup no URL for its own pages, even under the
// shortcut's activeTab grant: the wording must not depend on it.
test.each([
  ["chrome://version/", "About Version - Chromium"],
  ["chrome://settings/", "Settings - Chromium"]
])(
  "on the browser's own page %s the button says why it cannot join",
  async (url, title) => {
    const tab = await session().tab()
    await tab.page.navigate(url)
    const popup = await session().openPopupByShortcut(title)
    await popup.connect()
    await popup.page.waitFor(
      `document.querySelector("#joinTabNote")?.textContent === "The browser's own pages cannot be joined."`
    )
    expect(
      await popup.page.evaluate(
        `document.querySelector("#joinTabBtn").disabled`
      )
    ).toBe(true)
  }
)

test("an injection the browser refuses comes back as an error, worded", async () => {
  const tab = await session().tab()
  const popup = await session().openPopupByShortcut()
  await popup.connect()
  await popup.page.waitFor(`!document.querySelector("#joinTabBtn").disabled`)
  // Another origin in the same tab: Chrome withdraws the activeTab grant.
  const elsewhere = await serveTestPages()
  try {
    await tab.page.navigate(elsewhere.url)
    await popup.page.evaluate(`document.querySelector("#joinTabBtn").click()`)
    await popup.page.waitFor(
      `document.querySelector("#joinTabNote[role=alert]")?.textContent === "Could not join: The browser did not let the extension into this page."`
    )
    expect(await tab.shadow()).toBeNull()
  } finally {
    await elsewhere.close()
  }
})
