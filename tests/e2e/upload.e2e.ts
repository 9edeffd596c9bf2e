import { createHash, randomBytes } from "node:crypto"
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

import { uploadReply } from "~background/upload-hash"
import { UPLOAD_CHUNK_BYTES } from "~views/file-upload"

import { setUpExtensionSession } from "./support/session-fixture"
import type { ViewPage } from "./support/view-page"

// The raw-port upload test is in upload-raw.e2e.ts.
// Whatever a test did, the worker threw nothing and logged no error.
const session = setUpExtensionSession({ noWorkerErrors: true })

const MB = 1_000_000
/** What may have arrived at the background but not been recorded when its worker stops: one window (8 chunks). */
const WINDOW_BYTES = 8 * UPLOAD_CHUNK_BYTES
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "upload-e2e-"))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A file of `size` random bytes on disk, and its SHA-256 as Node computes it. */
function randomFile(name: string, size: number) {
  const bytes = randomBytes(size)
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return { path, sha256: createHash("sha256").update(bytes).digest("hex") }
}

/** Waits until the progress bar shows more than `bytes`. */
const progressPast = (view: ViewPage, bytes: number) =>
  view.page.waitForFunction(
    (n) =>
      (document.querySelector("#fileProgress") as HTMLProgressElement).value >
      n,
    bytes,
    { timeout: 30_000, polling: 5 }
  )

/**
 * Records every value the progress bar takes during an upload of `size`
 * bytes into `window.__progress` (a mutation observer: it runs in a tab in
 * the background too, where frames and timers are throttled).
 */
function recordProgress(view: ViewPage, size: number) {
  return view.page.evaluate((size) => {
    const seen: number[] = ((
      window as unknown as { __progress: number[] }
    ).__progress = [])
    const bar = document.querySelector("#fileProgress") as HTMLProgressElement
    new MutationObserver(() => {
      if (bar.max === size) seen.push(bar.value)
    }).observe(bar, { attributes: true })
  }, size)
}

async function chooseAndSend(view: ViewPage, path: string): Promise<void> {
  await view.page.locator("#fileInput").setInputFiles(path)
  await view.page.locator("#sendFileBtn").click()
}

test("a 100 MB file goes up across two worker stops, byte for byte", async () => {
  const popup = await session().openView("popup.html")
  const panel = await session().openView("sidepanel.html")
  await popup.connect()
  await panel.connect()
  const size = 100 * MB
  const { path, sha256 } = randomFile("big.bin", size)
  await recordProgress(popup, size)
  await chooseAndSend(popup, path)
  expect(await popup.page.locator("#cancelFileBtn").isEnabled()).toBe(true)

  // Stop the worker once 10 MB arrived, and again once 20 MB more did
  // after the restart: both well inside the upload.
  await progressPast(popup, 10 * MB)
  await session().stopWorker()
  await progressPast(popup, 30 * MB)
  await session().stopWorker()

  const expected = `Reply: ${uploadReply("big.bin", size, sha256)}`
  await popup.waitForResponse(expected, 90_000)
  // Each new worker went on from what the last one had recorded: the bar
  // steps back at most the window that had arrived but was not recorded
  // yet, never to the start.
  const seen = await popup.page.evaluate(
    () => (window as unknown as { __progress: number[] }).__progress
  )
  expect(seen.length).toBeGreaterThan(10)
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]! - WINDOW_BYTES)
  }
  const past10 = seen.findIndex((value) => value > 10 * MB)
  expect(Math.min(...seen.slice(past10))).toBeGreaterThan(
    10 * MB - WINDOW_BYTES
  )
  // Both views list the file once, with its size.
  for (const view of [popup, panel]) {
    await view.page.waitForFunction(
      () =>
        [...document.querySelectorAll("#log .log-entry .log-out")].some((el) =>
          el.textContent?.includes("big.bin")
        ),
      undefined,
      { timeout: 10_000 }
    )
    const row = view.page.locator("#log .log-entry", { hasText: "big.bin" })
    expect(await row.count()).toBe(1)
    expect(await row.locator(".log-out").textContent()).toBe(
      "→ big.bin (100 MB)"
    )
  }
  expect(await popup.page.locator("#cancelFileBtn").isDisabled()).toBe(true)
})

test("Cancel stops an upload; the next file goes up whole", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  const { path } = randomFile("cancelled.bin", 60 * MB)
  await chooseAndSend(popup, path)
  await progressPast(popup, 0)
  await popup.page.locator("#cancelFileBtn").click()
  await popup.waitForResponse("Error: The upload was cancelled.")
  expect(await popup.page.locator("#cancelFileBtn").isDisabled()).toBe(true)
  const row = popup.page.locator("#log li.log-own", {
    hasText: "cancelled.bin"
  })
  expect(await row.locator(".log-failure").textContent()).toContain(
    "The upload was cancelled."
  )

  const small = randomFile("small.txt", 3000)
  await chooseAndSend(popup, small.path)
  await popup.waitForResponse(
    `Reply: ${uploadReply("small.txt", 3000, small.sha256)}`
  )
})

test("an empty file and one over the limit are refused before anything is sent", async () => {
  const popup = await session().openView("popup.html")
  await popup.connect()
  const empty = join(dir, "empty.txt")
  writeFileSync(empty, "")
  await chooseAndSend(popup, empty)
  expect(await popup.notice.textContent()).toBe(
    "That file is empty: choose a file with something in it."
  )
  // A sparse file: its size is what matters, not its bytes.
  const huge = join(dir, "huge.bin")
  writeFileSync(huge, "")
  truncateSync(huge, 100 * MB + 1)
  await chooseAndSend(popup, huge)
  expect(await popup.notice.textContent()).toBe(
    "That file is larger than the 100 MB limit (100,000,001 bytes)."
  )
  expect(await popup.messages.count()).toBe(0)
  await popup.send("still here")
  await popup.waitForResponse('Reply: Background received: "still here"')
})
