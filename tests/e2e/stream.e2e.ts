import { replyText } from "~protocol"

import { setUpExtensionSession } from "./support/session-fixture"
import type { ViewPage } from "./support/view-page"
import { waitForLogCount } from "./support/view-waits"

// Whatever a test did, the worker threw nothing and logged no error.
const session = setUpExtensionSession({ noWorkerErrors: true })

/** A message long enough that its reply streams for a couple of seconds. */
const words = (n: number) =>
  Array.from({ length: n }, (_, i) => `word${i + 1}`).join(" ")

async function sendStreamed(view: ViewPage, text: string): Promise<void> {
  await view.page.locator("#streamReply").check()
  await view.send(text)
}

/** #response's text once it has grown past `min` characters of the reply. */
function responseLonger(view: ViewPage, min: number) {
  return view.page.waitForFunction(
    (n) => (document.querySelector("#response")?.textContent ?? "").length > n,
    min
  )
}

const response = (view: ViewPage) => view.response.textContent()

test("a streamed reply grows in #response and the timeline; Stop keeps what arrived", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  const text = words(40)
  const full = replyText(text)
  expect(await popup.page.locator("#stopBtn").isDisabled()).toBe(true)
  await sendStreamed(popup, text)
  await responseLonger(popup, "Reply: Background received: ".length + 10)
  expect(await popup.page.locator("#stopBtn").isEnabled()).toBe(true)
  // Growing in the timeline too, under the message.
  const row = popup.page.locator("#log li.log-own").last()
  expect(await row.locator(".log-delivery").textContent()).toBe("streaming…")
  await popup.page.locator("#stopBtn").click()
  await popup.page.waitForFunction(() =>
    document.querySelector("#response")?.textContent?.endsWith(" (stopped)")
  )
  const shown = (await response(popup))!
  const partial = shown.slice("Reply: ".length, -" (stopped)".length)
  expect(partial.length).toBeGreaterThan(10)
  expect(full.startsWith(partial)).toBe(true)
  expect(partial.length).toBeLessThan(full.length)
  await waitForLogCount(popup, 1)
  expect(await row.locator(".log-delivery").textContent()).toMatch(
    / · stopped$/
  )
  expect(await row.locator(".log-in").textContent()).toBe(`← ${partial}`)
  expect(await popup.page.locator("#stopBtn").isDisabled()).toBe(true)
  // A normal message afterwards is a normal reply.
  await popup.page.locator("#streamReply").uncheck()
  await popup.send("after the stop")
  await popup.waitForResponse('Reply: Background received: "after the stop"')
})

test("a streamed reply across three worker stops ends exactly, seen live in the side panel", async () => {
  const popup = await session().openView("popup.html")
  const panel = await session().openView("sidepanel.html")
  await popup.connect()
  await panel.connect()
  const text = words(60)
  const full = replyText(text)
  await sendStreamed(popup, text)
  // The side panel shows it growing before it ends.
  await panel.page.waitForFunction(() =>
    [...document.querySelectorAll("#log .log-delivery")].some(
      (el) => el.textContent === "streaming…"
    )
  )
  let seen = "Reply: Background received: ".length
  for (let stop = 0; stop < 3; stop++) {
    await responseLonger(popup, seen + 5)
    seen = (await response(popup))!.length
    await session().stopWorker()
  }
  await popup.waitForResponse(`Reply: ${full}`, 20_000)

  await waitForLogCount(popup, 1)
  await waitForLogCount(panel, 1)
  expect(await popup.page.locator("#log .log-own .log-in").textContent()).toBe(
    `← ${full}`
  )
  expect(
    await panel.page.locator("#log .log-entry .log-in").textContent()
  ).toBe(`← ${full}`)
  expect(await popup.page.locator("#totals").textContent()).toBe(
    "1 sent · 1 replied · 0 failed"
  )
})
