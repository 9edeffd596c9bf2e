import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import type { CdpPage } from "~tools/browser/cdp-page"
import { pollFor } from "~tools/poll"
import { EXTENSION_ID, PROD_BUILD } from "~tools/project"

import { PipeView } from "./support/pipe-view"
import {
  clickInPanel,
  DEVTOOLS_ARGS,
  openPortsPanel,
  panelLines,
  panelRows,
  screenshotDevTools
} from "./support/ports-panel"
import { Xvfb } from "./support/xvfb"

jest.setTimeout(60_000)

const DOCS = resolve(__dirname, "../../docs")

// Headed, as a user's DevTools are: on an X display of the test's own.
let xvfb: Xvfb
let browser: CdpPipeBrowser
let panel: CdpPage
let devtools: CdpPage
let downloads: string

beforeEach(async () => {
  xvfb = await Xvfb.start()
  browser = await CdpPipeBrowser.launch(PROD_BUILD, {
    display: xvfb.display,
    args: DEVTOOLS_ARGS
  })
  downloads = mkdtempSync(join(tmpdir(), "ptbm-downloads-"))
  await browser.send("Browser.setDownloadBehavior", {
    behavior: "allow",
    downloadPath: downloads,
    eventsEnabled: true
  })
  ;({ panel, devtools } = await openPortsPanel(browser, EXTENSION_ID))
})

afterEach(async () => {
  await browser?.close()
  await xvfb?.stop()
  rmSync(downloads, { recursive: true, force: true })
})

async function openPopup(): Promise<PipeView> {
  const page = await browser.openPage(
    `chrome-extension://${EXTENSION_ID}/popup.html`
  )
  const view = new PipeView(page)
  await view.ready()
  await view.connect()
  return view
}

/** Waits until the panel shows a message row matching `match`, and returns it. */
function rowWhere(
  match: (row: Awaited<ReturnType<typeof panelRows>>[number]) => boolean
) {
  return pollFor(
    async () => (await panelRows(panel)).find(match),
    10_000,
    () => new Error("The panel never showed the expected row"),
    100
  )
}

describe("the DevTools Ports panel", () => {
  it("shows a message from the popup with its view, type, size and round trip", async () => {
    await panel.waitFor(
      `document.querySelector("#status .status-label")?.textContent === "Connected"`
    )
    const popup = await openPopup()
    await popup.send("hello inspector")
    await popup.waitForResponse('Reply: Background received: "hello inspector"')

    const send = await rowWhere(
      (row) => row.type === "send" && row.direction === "in"
    )
    expect(send.view).toBe("popup 1")
    // The row shows the package's message as it crossed the port: a `send`
    // request whose input carries the app's message id (the row's id); its
    // request id is the package's own, so it is read, not predicted.
    const message = JSON.parse(send.preview) as { id: unknown }
    expect(message).toEqual({
      k: "req",
      id: message.id,
      name: "send",
      input: { id: send.id, text: "hello inspector" }
    })
    expect(typeof message.id).toBe("string")
    expect(message.id).not.toBe(send.id)
    expect(Number(send.bytes)).toBe(Buffer.byteLength(send.preview))
    // The round trip appears once the popup has reported it (batched); the
    // `res` row is named `reply` and keyed by the app id of its output.
    const reply = await rowWhere(
      (row) => row.type === "reply" && row.id === send.id && row.rtt !== ""
    )
    expect(reply).toMatchObject({ view: "popup 1", direction: "out" })
    expect(reply.rtt).toMatch(/^\d+\.\d ms$/)
    expect(reply.handled).toMatch(/^\d+\.\d ms$/)
    expect(await panelLines(panel, "view")).toContain("popup 1 joined")
    await screenshotDevTools(devtools, resolve(DOCS, "ports-panel.png"))
  })

  it("shows a worker stop as a restart line, and goes on mirroring", async () => {
    const popup = await openPopup()
    await panel.waitFor(
      `[...document.querySelectorAll("#traffic tr[data-kind=worker-started]")].length === 1`
    )
    await browser.stopAllWorkers(popup.page)
    await panel.waitFor(
      `[...document.querySelectorAll("#traffic tr[data-kind=worker-started]")].length === 2`,
      20_000,
      "a second worker line"
    )
    const lines = await panelLines(panel, "worker-started")
    expect(lines[1]).toMatch(/^Worker restarted/)
    expect(await panelLines(panel, "worker-lost")).toHaveLength(1)
    await popup.waitForStatus("Connected", 20_000)
    await popup.send("after the restart")
    await rowWhere(
      (row) => row.type === "send" && row.preview.includes("after the restart")
    )
  })

  it("renders message contents as text, never as HTML", async () => {
    const popup = await openPopup()
    const markup = '<img src=x onerror="document.title=`pwned`">'
    await popup.send(markup)
    const row = await rowWhere(
      (r) => r.type === "send" && r.preview.includes("<img")
    )
    expect(row.preview).toContain(markup.replace(/"/g, '\\"'))
    expect(
      await panel.evaluate(`document.querySelectorAll("#traffic img").length`)
    ).toBe(0)
    expect(await panel.evaluate(`document.title`)).not.toBe("pwned")
  })

  it("exports what it shows as a JSON file", async () => {
    const popup = await openPopup()
    await popup.send("to export")
    await rowWhere((row) => row.type === "reply")
    await clickInPanel(panel, "#exportBtn")
    const file = await pollFor(
      () =>
        readdirSync(downloads).find((name) => /^ports-.*\.json$/.test(name)),
      10_000,
      () => new Error(`No export in ${downloads}: ${readdirSync(downloads)}`),
      100
    )
    const exported = JSON.parse(readFileSync(join(downloads, file), "utf8"))
    expect(exported.format).toBe("ports-inspector/1")
    const sent = exported.rows.find(
      (row: { kind: string; type?: string; preview?: string }) =>
        row.kind === "message" &&
        row.type === "send" &&
        row.preview?.includes("to export")
    )
    expect(sent).toMatchObject({
      direction: "in",
      view: { kind: "popup", number: 1 }
    })
    expect(new Date(sent.time).getTime()).toBe(sent.at)
  })
})
