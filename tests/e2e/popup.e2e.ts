import { mkdirSync } from "node:fs"
import { resolve } from "node:path"

import { pollUntil } from "~tools/poll"

import { setUpExtensionSession } from "./support/session-fixture"
import {
  READ_STATUS_HISTORY,
  RECORD_STATUS_HISTORY
} from "./support/status-history"
import type { ViewPage } from "./support/view-page"

const DOCS = resolve(__dirname, "../../docs")

// Whatever a test did, the worker threw nothing and logged no error.
const session = setUpExtensionSession({ noWorkerErrors: true })
/** Everything any page logged as an error, and every uncaught exception. */
let problems: string[]

async function open(): Promise<ViewPage> {
  const view = await session().openView("popup.html")
  view.page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text())
  })
  view.page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`))
  view.page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`)
    void d.dismiss()
  })
  return view
}

beforeEach(() => {
  problems = []
})

test("the popup starts with only Connect enabled and the tutorial's texts", async () => {
  const popup = await open()
  await popup.connectButton.waitFor()
  expect(await popup.page.locator("h3").textContent()).toBe(
    "Message Background"
  )
  expect(await popup.gating()).toEqual({
    connect: true,
    disconnect: false,
    input: false,
    send: false
  })
  expect(await popup.input.getAttribute("placeholder")).toBe("Type a message")
  expect(await popup.response.textContent()).toBe("Response will appear here")
  expect(await popup.response.getAttribute("aria-live")).toBe("polite")
  for (const name of ["Connect", "Disconnect", "Send"]) {
    await popup.page.getByRole("button", { name, exact: true }).waitFor()
  }
  await popup.page.getByRole("textbox", { name: "Message" }).waitFor()
  expect(problems).toEqual([])
})

test("Connect, Send (click and Enter), and the reply", async () => {
  const popup = await open()
  await popup.connect()
  expect(await popup.gating()).toEqual({
    connect: false,
    disconnect: true,
    input: true,
    send: true
  })
  await popup.send("  Hello, background  ")
  await popup.waitForResponse('Reply: Background received: "Hello, background"')
  await popup.sendWithEnter("with enter")
  await popup.waitForResponse('Reply: Background received: "with enter"')
  expect(session().workerLogs).toEqual(
    expect.arrayContaining([
      "Popup connected",
      'Message from popup: "Hello, background"',
      'Message from popup: "with enter"'
    ])
  )
  mkdirSync(DOCS, { recursive: true })
  await popup.page.setViewportSize({ width: 360, height: 600 })
  await popup.page.screenshot({ path: resolve(DOCS, "popup.png") })
  expect(problems).toEqual([])
})

test("an empty message is not sent, and the popup says why inline", async () => {
  const popup = await open()
  await popup.connect()
  await popup.send("    ")
  await popup.notice.waitFor()
  expect(await popup.notice.textContent()).toBe("Type a message first.")
  expect(await popup.response.textContent()).toBe("Response will appear here")
  expect(session().workerLogs.some((l) => l.startsWith("Message from"))).toBe(
    false
  )
  expect(problems).toEqual([])
})

test("Disconnect really closes the port, and Connect works again, many times", async () => {
  const popup = await open()
  for (let round = 1; round <= 4; round++) {
    await popup.connect()
    await popup.send(`round ${round}`)
    await popup.waitForResponse(`Reply: Background received: "round ${round}"`)
    await popup.disconnect()
    expect(await popup.gating()).toEqual({
      connect: true,
      disconnect: false,
      input: false,
      send: false
    })
    await waitUntil(
      () =>
        session().workerLogs.filter((l) => l === "Popup disconnected")
          .length === round
    )
  }
  const everything = [...problems, ...session().workerLogs].join("\n")
  expect(everything).not.toMatch(/disconnected port object/)
  expect(problems).toEqual([])
})

test("when the service worker stops, the popup notices at once and heals", async () => {
  const popup = await open()
  await popup.connect()
  await popup.page.evaluate(RECORD_STATUS_HISTORY)
  await session().stopWorker()
  // A message sent right away is queued or re-sent, never lost.
  await popup.send("after the stop")
  await popup.waitForResponse('Reply: Background received: "after the stop"')
  await popup.waitForStatus("Connected")
  const history = await popup.page.evaluate<string[]>(READ_STATUS_HISTORY)
  expect(history[0]).toBe("Connected")
  expect(history).toContain("Reconnecting… (attempt 1)")
  expect(history.at(-1)).toBe("Connected")
  expect(problems.join("\n")).not.toMatch(/disconnected port object/)
  expect(problems).toEqual([])
})

test("two popups connected at once each get their own replies", async () => {
  const first = await open()
  const second = await open()
  await first.connect()
  await second.connect()
  await first.send("from the first")
  await second.send("from the second")
  await first.waitForResponse('Reply: Background received: "from the first"')
  await second.waitForResponse('Reply: Background received: "from the second"')
  await first.disconnect()
  await second.send("still here")
  await second.waitForResponse('Reply: Background received: "still here"')
  expect(await first.response.textContent()).toBe(
    'Reply: Background received: "from the first"'
  )
  expect(problems).toEqual([])
})

/** Waits up to 5 s for `check()` to hold. */
function waitUntil(check: () => boolean): Promise<void> {
  return pollUntil(
    check,
    5000,
    () => new Error("Timed out waiting for a condition")
  )
}
