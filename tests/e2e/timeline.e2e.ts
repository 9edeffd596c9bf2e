import { LOG_SHOWN } from "~storage/layout"
import { TIMELINE_PAGE } from "~views/timeline"

import { seedLog } from "./support/seed-log"
import { setUpExtensionSession } from "./support/session-fixture"
import type { ViewPage } from "./support/view-page"
import { waitForLogCount } from "./support/view-waits"

// Whatever a test did, the worker threw nothing and logged no error.
const session = setUpExtensionSession({ noWorkerErrors: true })

/** The timeline's scroll position: how far from the top and from the end. */
function position(view: ViewPage) {
  return view.page.$eval("#log ol", (list) => ({
    top: Math.round(list.scrollTop),
    fromEnd: Math.round(list.scrollHeight - list.scrollTop - list.clientHeight)
  }))
}

/** Rows in the DOM, and the texts of this view's rows with their state. */
function rows(view: ViewPage) {
  return view.page.$$eval("#log .log-entry", (items) => ({
    rendered: items.length,
    own: items
      .filter((li) => li.classList.contains("log-own"))
      .map(
        (li) =>
          `${li.querySelector(".log-out")?.textContent?.slice(2)}: ${(li as HTMLElement).dataset.state}`
      )
  }))
}

/** The popup reopened on a stored 500-entry log from another view. */
async function popupOnFullLog(): Promise<ViewPage> {
  const popup = await session().openView("popup.html")
  await popup.page.setViewportSize({ width: 360, height: 600 })
  await seedLog(popup.page, LOG_SHOWN)
  await session().stopWorker()
  await popup.page.reload()
  await waitForLogCount(popup, LOG_SHOWN)
  return popup
}

test("on a 500-entry log the popup renders a page of rows, follows the newest, and pages in older ones", async () => {
  const popup = await popupOnFullLog()
  expect(await popup.page.locator("#logCount").textContent()).toBe(
    "500 entries"
  )
  expect((await rows(popup)).rendered).toBe(TIMELINE_PAGE)
  // It opens at the newest entry.
  await popup.page.waitForFunction(() => {
    const list = document.querySelector("#log ol")!
    return list.scrollHeight - list.scrollTop - list.clientHeight < 24
  })
  // One scroll region: the page itself never scrolls, the controls stay put.
  expect(
    await popup.page.evaluate(
      () => document.scrollingElement!.scrollHeight <= window.innerHeight
    )
  ).toBe(true)

  await popup.page.getByRole("button", { name: /^Show older/ }).click()
  expect((await rows(popup)).rendered).toBe(2 * TIMELINE_PAGE)
  // Scrolling to the top pages in more before the reader gets there.
  await popup.page.$eval("#log ol", (list) => list.scrollTo({ top: 0 }))
  await popup.page.waitForFunction(
    (n) => document.querySelectorAll("#log .log-entry").length > n,
    2 * TIMELINE_PAGE
  )
})

test("with the keyboard alone: Connect, type, Enter, scroll from the composer, N new, jump back", async () => {
  const popup = await popupOnFullLog()
  // Tab to Connect (the first control) and press it: the input takes focus.
  await popup.page.keyboard.press("Tab")
  expect(await popup.page.evaluate(() => document.activeElement?.id)).toBe(
    "connectBtn"
  )
  await popup.page.keyboard.press("Enter")
  await popup.waitForStatus("Connected")
  await popup.page.waitForFunction(
    () => document.activeElement?.id === "messageInput"
  )
  await popup.page.keyboard.type("typed, not clicked")
  await popup.page.keyboard.press("Enter")
  await popup.waitForResponse(
    'Reply: Background received: "typed, not clicked"'
  )
  await popup.page.waitForFunction(() => {
    const list = document.querySelector("#log ol")!
    return list.scrollHeight - list.scrollTop - list.clientHeight < 24
  })

  // PageUp and ArrowUp in the composer scroll the timeline, focus stays.
  const atEnd = await position(popup)
  await popup.page.keyboard.press("PageUp")
  await popup.page.keyboard.press("ArrowUp")
  await popup.page.waitForFunction(
    (top) => document.querySelector("#log ol")!.scrollTop < top - 40,
    atEnd.top
  )
  expect(await popup.page.evaluate(() => document.activeElement?.id)).toBe(
    "messageInput"
  )

  // Scrolled up, another view's messages do not move the reader; a button
  // counts them and jumps down.
  const before = await position(popup)
  const panel = await session().openView("sidepanel.html")
  await panel.connect()
  await panel.send("one")
  await panel.waitForResponse('Reply: Background received: "one"')
  await panel.send("two")
  await panel.waitForResponse('Reply: Background received: "two"')
  const jump = popup.page.locator("#newEntriesBtn")
  await popup.page.waitForFunction(
    () => document.querySelector("#newEntriesBtn")?.textContent === "2 new ↓"
  )
  expect((await position(popup)).top).toBe(before.top)
  await jump.focus()
  await popup.page.keyboard.press("Enter")
  await popup.page.waitForFunction(() => {
    const list = document.querySelector("#log ol")!
    return list.scrollHeight - list.scrollTop - list.clientHeight < 24
  })
  expect(await jump.count()).toBe(0)
  const last = popup.page.locator("#log .log-entry").last()
  expect(await last.locator(".log-out").textContent()).toBe("→ two")
  expect(await last.locator(".log-origin").textContent()).toBe("Side panel")
})

test("a message sent as the worker stops shows once, at once, and ends replied under its reply", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  await popup.send("before")
  await popup.waitForResponse('Reply: Background received: "before"')
  await popup.input.fill("across the stop")
  await Promise.all([popup.sendButton.click(), session().stopWorker()])
  // Shown at once, in a state that is not yet replied or already replied;
  // never twice.
  expect(
    (await rows(popup)).own.filter((r) => r.startsWith("across"))
  ).toHaveLength(1)
  await popup.waitForResponse('Reply: Background received: "across the stop"')
  await popup.waitForStatus("Connected")
  await waitForLogCount(popup, 2)
  expect((await rows(popup)).own).toEqual([
    "before: replied",
    "across the stop: replied"
  ])
  expect(
    await popup.page.locator("#log .log-own .log-in").last().textContent()
  ).toBe('← Background received: "across the stop"')
  expect(await popup.page.locator("#totals").textContent()).toBe(
    "2 sent · 2 replied · 0 failed"
  )
})
