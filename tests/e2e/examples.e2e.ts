import { existsSync } from "node:fs"
import { resolve } from "node:path"

import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import { PROJECT_ROOT } from "~tools/project"

import { ExamplePopup, type PopupUi } from "./support/example-popup"

/**
 * The examples a user copies, in their production builds (`npm run
 * build:examples`), driven over the CDP pipe: nothing attaches to the
 * worker, so a stop is a real stop and a new worker really starts.
 */
const EXAMPLES: Array<{ name: string; build: string; ui: PopupUi }> = [
  {
    name: "plain-mv3",
    build: "examples/plain-mv3/dist",
    // Enter sends; the reply replaces the text.
    ui: {
      sendButton: null,
      replyText: `document.querySelector("input").value`
    }
  },
  {
    name: "wxt",
    build: "examples/wxt/.output/chrome-mv3",
    ui: {
      sendButton: "button",
      replyText: `document.querySelector("output").value`
    }
  }
]

describe.each(EXAMPLES)("example $name", ({ build, ui }) => {
  let browser: CdpPipeBrowser | undefined
  afterEach(async () => {
    await browser?.close()
    browser = undefined
  })

  test("a reply; then the worker stopped mid-request: exactly one reply, the handler ran once", async () => {
    const dir = resolve(PROJECT_ROOT, build)
    if (!existsSync(resolve(dir, "manifest.json"))) {
      throw new Error(`No build at ${build}: run \`npm run build:examples\``)
    }
    browser = await CdpPipeBrowser.launch(dir)
    const url = `chrome-extension://${browser.extensionIds[0]}/popup.html`
    const popup = await ExamplePopup.record(
      await browser.openPage(url),
      url,
      ui
    )

    await popup.ask("hello")
    await popup.waitForReply("HELLO")

    // The next reply is kept from the popup, so the request is in flight
    // when the worker stops: posted and answered, not yet heard.
    await popup.holdReplies()
    const workers = await browser.workerTargets()
    expect(workers).toHaveLength(1)
    await popup.ask("mid-request")
    const id = await popup.waitForHeldReply()
    expect(await popup.reply()).not.toBe("MID-REQUEST")

    await browser.stopAllWorkers(popup.page)
    await popup.waitForReply("MID-REQUEST")

    // The stop was real: the port dropped, the popup reconnected and sent
    // the request again under its id, and another worker answered it.
    const now = await browser.workerTargets()
    expect(now).toHaveLength(1)
    expect(now).not.toEqual(workers)
    const wire = await popup.wire()
    expect(wire.ports).toBe(2)
    const mine = (entries: typeof wire.posted) =>
      entries.filter((entry) => entry.id === id).map((entry) => entry.port)
    expect(mine(wire.posted)).toEqual([1, 2])
    expect(mine(wire.held)).toEqual([1])
    // Exactly one reply reached the popup, from the store: the handler
    // ran once, in the worker that stopped.
    expect(mine(wire.delivered)).toEqual([2])
    expect(await popup.handlerRuns(id)).toBe(1)
  })
})
