import { mkdirSync, readFileSync } from "node:fs"
import { resolve } from "node:path"

import { setUpExtensionSession } from "./support/session-fixture"
import type { ViewPage } from "./support/view-page"
import { waitForLogCount, waitForPresence } from "./support/view-waits"

const DOCS = resolve(__dirname, "../../docs")

// Whatever a test did, the worker threw nothing and logged no error.
const session = setUpExtensionSession({ noWorkerErrors: true })

/** Texts of the log rows as "origin: text" (origin as shown, e.g. "Popup (this view)"). */
async function logRows(view: ViewPage): Promise<string[]> {
  return view.page.$$eval("#log .log-entry", (rows) =>
    rows.map(
      (row) =>
        `${row.querySelector(".log-origin")?.textContent}: ${row
          .querySelector(".log-out")
          ?.textContent?.slice(2)}`
    )
  )
}

async function openBoth(): Promise<[ViewPage, ViewPage]> {
  const popup = await session().openView("popup.html")
  const panel = await session().openView("sidepanel.html")
  await popup.connect()
  await panel.connect()
  return [popup, panel]
}

test("popup and side panel share one conversation, with presence", async () => {
  const [popup, panel] = await openBoth()
  const both = "2 views connected (popup 1, side panel 1)"
  await waitForPresence(popup, both)
  await waitForPresence(panel, both)

  await popup.send("hello from the popup")
  await popup.waitForResponse(
    'Reply: Background received: "hello from the popup"'
  )
  await panel.send("hello from the panel")
  await panel.waitForResponse(
    'Reply: Background received: "hello from the panel"'
  )

  await waitForLogCount(popup, 2)
  await waitForLogCount(panel, 2)
  expect(await logRows(popup)).toEqual([
    "Popup (this view): hello from the popup",
    "Side panel: hello from the panel"
  ])
  expect(await logRows(panel)).toEqual([
    "Popup: hello from the popup",
    "Side panel (this view): hello from the panel"
  ])
  // Each #response keeps showing that view's own latest reply.
  expect(await popup.response.textContent()).toBe(
    'Reply: Background received: "hello from the popup"'
  )
  expect(
    await popup.page.locator("#log .log-own .log-delivery").textContent()
  ).toMatch(/^replied in \d+\.\d ms$/)
  // The sender's round trip reaches the other view through the background.
  await panel.page.waitForFunction(
    () =>
      /^relayed, replied in \d+\.\d ms$/.test(
        document.querySelector('#log [data-origin="popup"] .log-delivery')
          ?.textContent ?? ""
      ),
    null,
    { timeout: 5000 }
  )
  expect(await popup.page.locator("#openSidePanelBtn").isEnabled()).toBe(true)

  // Screenshots for the README: the two views side by side, light and dark.
  await popup.page.setViewportSize({ width: 360, height: 600 })
  await panel.page.setViewportSize({ width: 400, height: 600 })
  mkdirSync(DOCS, { recursive: true })
  const composer = await session().context.newPage()
  await composer.setViewportSize({ width: 800, height: 640 })
  const img = (png: Buffer, label: string) =>
    `<figure><img src="data:image/png;base64,${png.toString("base64")}"><figcaption>${label}</figcaption></figure>`
  for (const colorScheme of ["light", "dark"] as const) {
    await popup.page.emulateMedia({ colorScheme })
    await panel.page.emulateMedia({ colorScheme })
    const suffix = colorScheme === "light" ? "" : "-dark"
    const shots = [
      await popup.page.screenshot({
        path: resolve(DOCS, `popup-log${suffix}.png`)
      }),
      await panel.page.screenshot({
        path: resolve(DOCS, `sidepanel${suffix}.png`)
      })
    ]
    const page = colorScheme === "light" ? "#eef0f4" : "#2b2d31"
    const caption = colorScheme === "light" ? "#555" : "#ccc"
    await composer.setContent(
      `<body style="margin:0;display:flex;gap:16px;padding:12px;background:${page};font:13px system-ui">
      <style>figure{margin:0;box-shadow:0 1px 4px #0006}figcaption{padding:4px 8px;color:${caption}}</style>
      ${img(shots[0], "Popup")}${img(shots[1], "Side panel")}</body>`
    )
    await composer.screenshot({
      path: resolve(DOCS, `views${suffix}.png`),
      fullPage: true
    })
  }
  await composer.close()
  for (const file of ["views.png", "views-dark.png"]) {
    expect(readFileSync(resolve(DOCS, file)).length).toBeGreaterThan(1000)
  }
})

test("when one view goes away the other's presence drops; both heal after a worker stop with the log intact", async () => {
  const [popup, panel] = await openBoth()
  await popup.send("one")
  await panel.send("two")
  await waitForLogCount(popup, 2)
  await waitForLogCount(panel, 2)

  await session().stopWorker()
  await popup.waitForStatus("Connected")
  await panel.waitForStatus("Connected")
  await popup.send("three")
  await waitForLogCount(panel, 3)
  await waitForLogCount(popup, 3)

  await popup.page.close()
  await waitForPresence(panel, "1 view connected (side panel 1)")
})

test("the log survives closing the popup, and Clear empties it for every view", async () => {
  const [popup, panel] = await openBoth()
  await popup.send("remember me")
  await waitForLogCount(popup, 1)
  await popup.page.close()

  const reopened = await session().openView("popup.html")
  // Reopened and not even connected: the log is read from storage.
  await waitForLogCount(reopened, 1)
  expect(await logRows(reopened)).toEqual(["Popup: remember me"])

  await reopened.connect()
  await reopened.page.locator("#clearLogBtn").click()
  await waitForLogCount(reopened, 0)
  await waitForLogCount(panel, 0)

  // A view that was disconnected during another view's Clear does not hear
  // it; once it connects again it shows the cleared log, not its old copy.
  await panel.send("before the second clear")
  await waitForLogCount(reopened, 1)
  await waitForLogCount(panel, 1)
  await panel.disconnect()
  await reopened.page.locator("#clearLogBtn").click()
  await waitForLogCount(reopened, 0)
  expect(await panel.page.locator("#log .log-entry").count()).toBe(1)
  await panel.connect()
  await waitForLogCount(panel, 0)
})

test("Open side panel in the popup opens the side panel of its window", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  const panelContexts = () =>
    popup.page.evaluate(async () => {
      const contexts = await chrome.runtime.getContexts({
        contextTypes: ["SIDE_PANEL" as chrome.runtime.ContextType]
      })
      return contexts.map((c) => new URL(c.documentUrl ?? "").pathname)
    })
  expect(await panelContexts()).toEqual([])
  await popup.page.locator("#openSidePanelBtn").click()
  await popup.page.waitForFunction(
    async () =>
      (
        await chrome.runtime.getContexts({
          contextTypes: ["SIDE_PANEL" as chrome.runtime.ContextType]
        })
      ).length > 0,
    null,
    { timeout: 5000 }
  )
  expect(await panelContexts()).toEqual(["/sidepanel.html"])
  expect(await popup.page.locator("#openSidePanelBtn ~ .notice").count()).toBe(
    0
  )
})
