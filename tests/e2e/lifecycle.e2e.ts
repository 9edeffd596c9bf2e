import { CdpPipeBrowser } from "./support/cdp-pipe"
import { EXTENSION_ID, PROD_BUILD } from "./support/chromium"
import { PipeView } from "./support/pipe-view"

/**
 * The connection across the MV3 service-worker lifecycle, driven over a CDP
 * pipe that never attaches to the worker, so Chromium stops it exactly as it
 * would for a user (Playwright's attach would keep it alive).
 */
const POPUP = `chrome-extension://${EXTENSION_ID}/popup.html`

let browser: CdpPipeBrowser

beforeEach(async () => {
  browser = await CdpPipeBrowser.launch(PROD_BUILD)
})

afterEach(async () => {
  await browser.close()
})

async function openPopup(): Promise<PipeView> {
  const view = new PipeView(await browser.openPage(POPUP))
  await view.ready()
  return view
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A small seeded PRNG, so a failing run can be replayed (the seed is printed). */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

test("connected and idle for 45 s: still connected, the same worker answers at once", async () => {
  const popup = await openPopup()
  await popup.connect()
  const [worker] = await browser.workerTargets()
  // Chromium stops an idle worker ~30 s after the last event; only the
  // view's heartbeat (a message on the port) can keep this one running.
  await sleep(45_000)
  expect(await browser.workerTargets()).toEqual([worker])
  await popup.send("after 45 s of quiet")
  await popup.waitForResponse(
    'Reply: Background received: "after 45 s of quiet"',
    2000
  )
  expect(await popup.statusHistory()).toEqual([
    "Disconnected",
    "Connecting…",
    "Connected"
  ])
})

test("200 messages while the worker is stopped 10 times: each replied once, in order", async () => {
  const seed = Number(process.env.LIFECYCLE_SEED ?? Date.now() % 1_000_000)
  console.log(`lifecycle stress seed: ${seed} (set LIFECYCLE_SEED to replay)`)
  const next = random(seed)
  const stops = new Set<number>()
  while (stops.size < 10) stops.add(1 + Math.floor(next() * 199))

  const popup = await openPopup()
  await popup.connect()
  const texts = Array.from({ length: 200 }, (_, i) => `message ${i + 1}`)
  for (const [index, text] of texts.entries()) {
    await popup.send(text)
    if (stops.has(index)) await browser.stopAllWorkers(popup.page)
  }
  await popup.page
    .waitFor(
      `document.querySelector("#totals")?.textContent === "200 sent · 200 replied · 0 failed"`,
      60_000,
      "all 200 replied"
    )
    .catch(async (error) => {
      console.log(
        await popup.page.evaluate(
          `document.querySelector("#totals")?.textContent + " | " + [...document.querySelectorAll("#messages li")].filter(li => li.dataset.state !== "replied").map(li => li.textContent).join(" | ") + " | " + document.querySelector("#status").textContent`
        ),
        await popup.statusHistory()
      )
      throw error
    })
  await popup.waitForStatus("Connected")
  const log = await popup.storedLog()
  expect(log.map((entry) => entry.text)).toEqual(texts)
  expect(new Set(log.map((entry) => entry.id)).size).toBe(200)
  const history = await popup.statusHistory()
  expect(
    history.filter((s) => s.startsWith("Reconnecting")).length
  ).toBeGreaterThanOrEqual(1)
  expect(history).not.toContain("Failed")
})

test("after Disconnect, stopping the worker changes nothing and nothing reconnects", async () => {
  const popup = await openPopup()
  await popup.connect()
  await popup.disconnect()
  await browser.stopAllWorkers(popup.page)
  await sleep(3000)
  expect(await popup.statusHistory()).toEqual([
    "Disconnected",
    "Connecting…",
    "Connected",
    "Disconnected"
  ])
  // Nothing connected again, so nothing woke the worker.
  expect(await browser.workerTargets()).toEqual([])
})

test("extension reload while connected: Chrome closes the view, and a new one connects", async () => {
  const popup = await openPopup()
  await popup.connect()
  await popup.send("before reload")
  await popup.waitForResponse('Reply: Background received: "before reload"')
  await browser.reloadExtension()
  // The old view does not linger on a dead extension context showing
  // "Connected": Chrome closes every page of the extension it reloads.
  await expect(
    (async () => {
      for (let i = 0; i < 100; i++) {
        await popup.status()
        await sleep(50)
      }
    })()
  ).rejects.toThrow(/closed|not found/)
  const fresh = await openPopup()
  await fresh.connect()
  await fresh.send("after reload")
  await fresh.waitForResponse('Reply: Background received: "after reload"')
})
