import { createHash, randomBytes } from "node:crypto"
import { linkSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

import { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import type { CdpPage } from "~tools/browser/cdp-page"
import { extensionIdOf } from "~tools/browser/extension-id"

import * as probe from "../page/streams"
import { PORT_NAME, type BenchContext } from "../support/context"
import { inPage } from "../support/in-page"
import { writeRawUploadProbe } from "../support/raw-upload-probe"
import { summarize, type Summary } from "../support/stats"
import { connectUi, replyLine } from "./ui"
import {
  resumeAfter,
  sampleWorkerHeap,
  stopsDuring,
  uploadThroughUi
} from "./upload"

export type StreamsResult =
  | { skipped: string }
  | {
      fileBytes: number
      /** Our popup's Send file, click → reply shown (MB/s, decimal). */
      uploadMBps: number
      /** The same bytes in 256 KiB chunks on a bare port, no flow control (best of `rawRuns`, MB/s). */
      rawMBps: number
      rawRuns: number
      /** Used JS heap: idle (after a collection), peak, and peak retained after collections mid-upload. */
      heap: {
        idleBytes: number
        peakBytes: number
        retainedPeakBytes?: number
        samples: number
      }
      /** Another view's ping round trips during an upload (ms). */
      otherViewRtt: Summary
      /** Worker stopped mid-upload → a grant on the new port that holds more (ms). */
      resume: Summary
      /** Worker stopped mid-upload → the new port's first grant (ms). */
      reconnect: Summary
      stops: number
      /** Click → the first #response text with the reply's prefix, streamed and whole (ms). */
      firstChunk: Summary
      /** Click → a streamed reply's first text in #response at all (its first chunk, ms). */
      firstText: Summary
      /** Timed sends whose reply never showed in full. */
      repliesMissing: number
      normalReply: Summary
    }

const CHUNK = 256 * 1024

/** Click on Send → first reply text, with #streamReply set to `streamed`. */
async function timedReply(page: CdpPage, text: string, streamed: boolean) {
  const checked = await page.evaluate<boolean>(
    "document.getElementById('streamReply').checked"
  )
  if (checked !== streamed) await page.click("#streamReply")
  await page.type("#messageInput", text)
  // The view refuses a streamed send while a stream runs (Stop is enabled).
  await page.waitFor(
    "document.getElementById('stopBtn').disabled",
    10_000,
    "the last streamed reply to end"
  )
  await inPage(page, probe.armFirstReply, {
    full: replyLine(text),
    timeoutMs: 10_000
  })
  await page.click("#sendBtn")
  return inPage(page, probe.firstReply, null)
}

/**
 * Streams, in a browser of their own with our build and a bare
 * structured-clone probe: Send file's throughput beside a raw transfer of
 * the same bytes, the worker's heap, another view's round trips and the
 * resume after worker stops during uploads, then a streamed reply's first
 * chunk against a whole reply, alternating.
 */
export async function measureStreams(
  base: Omit<BenchContext, "browser">
): Promise<StreamsResult> {
  const { fileMB, rawRuns, stopFractions, replies } = base.settings.streams
  const dir = mkdtempSync(join(tmpdir(), "bench-streams-"))
  const probeDir = join(dir, "probe")
  writeRawUploadProbe(probeDir)
  const browser = await CdpPipeBrowser.launch([base.ours.dir, probeDir])
  try {
    const size = fileMB * 1_000_000
    const bytes = randomBytes(size)
    writeFileSync(join(dir, "upload.bin"), bytes)
    const sha = createHash("sha256").update(bytes).digest("hex")
    // A new name (a hard link) per upload: Chromium ignores a second
    // DOM.setFileInputFiles of the path the input last held.
    let uploads = 0
    const file = () => {
      const name = `upload-${++uploads}.bin`
      linkSync(join(dir, "upload.bin"), join(dir, name))
      // The wording issue 13 specifies, written out rather than imported.
      const expected = `Reply: Background received: "${name}" (${size} bytes, SHA-256 ${sha})`
      return { path: join(dir, name), expected }
    }

    base.progress(`streams: raw transfer of ${fileMB} MB, ${rawRuns}×`)
    const raw = await browser.openPage(
      `chrome-extension://${extensionIdOf(probeDir)}/page.html`
    )
    const rawMs: number[] = []
    for (let i = 0; i < rawRuns; i++) {
      rawMs.push(
        await inPage(raw, probe.rawUpload, { bytes: size, chunk: CHUNK })
      )
    }
    await raw.close()

    const popup = await browser.openPage(base.ours.popupUrl)
    await inPage(popup, probe.recordPortEvents, null)
    await connectUi(popup)
    base.progress(`streams: Send file of ${fileMB} MB`)
    const uploadMs = await uploadThroughUi(popup, file())

    base.progress("streams: another view's round trips during an upload")
    // A window of its own: a tab in front of the popup would hide it.
    const other = await browser.openPage(
      base.ours.popupUrl.replace("popup.html", "sidepanel.html"),
      { newWindow: true }
    )
    const pings = inPage(other, probe.pingUntilStopped, {
      portName: PORT_NAME,
      clientId: crypto.randomUUID()
    })
    await uploadThroughUi(popup, file())
    await inPage(other, probe.stopPing, null)
    const otherViewRtt = summarize(await pings)
    await other.close()

    base.progress("streams: the worker's heap during an upload")
    const stopHeap = await sampleWorkerHeap(browser, base.ours.id)
    await uploadThroughUi(popup, file())
    const sampled = await stopHeap()
    const stopRetained = await sampleWorkerHeap(browser, base.ours.id, {
      collect: true
    })
    await uploadThroughUi(popup, file())
    const { retainedPeakBytes } = await stopRetained()
    const heap = { ...sampled, retainedPeakBytes }

    base.progress(`streams: ${stopFractions.length} worker stops mid-upload`)
    let stopTimes: number[] = []
    await uploadThroughUi(popup, file(), async () => {
      stopTimes = await stopsDuring(browser, popup, size, stopFractions)
    })
    const events = await inPage(popup, probe.portEvents, null)
    const stops = resumeAfter(stopTimes, events)
    await browser.waitForWorker(base.ours.id)

    base.progress(`streams: ${replies} streamed and ${replies} whole replies`)
    const first: number[] = []
    const firstText: number[] = []
    const whole: number[] = []
    let missing = 0
    for (let i = 0; i < replies * 2 + 2; i++) {
      const streamed = i % 2 === 1
      const t = await timedReply(popup, `${base.runId} stream ${i}`, streamed)
      // The first pair is a warm-up: JIT, React's first streamed render.
      if (i < 2) continue
      if (!t) missing++
      else if (!streamed) whole.push(t.prefixMs)
      else {
        first.push(t.prefixMs)
        firstText.push(t.anyMs)
      }
    }
    await popup.close()
    const finite = (xs: number[]) => xs.filter(Number.isFinite)
    return {
      fileBytes: size,
      uploadMBps: size / 1000 / uploadMs,
      rawMBps: Math.max(...rawMs.map((ms) => size / 1000 / ms)),
      rawRuns,
      heap,
      otherViewRtt,
      resume: summarize(finite(stops.map((s) => s.resumeMs))),
      reconnect: summarize(finite(stops.map((s) => s.reconnectMs))),
      stops: stops.length,
      firstChunk: summarize(finite(first)),
      firstText: summarize(finite(firstText)),
      repliesMissing: missing,
      normalReply: summarize(finite(whole))
    }
  } catch (error) {
    return { skipped: `The stream measurements failed: ${error}` }
  } finally {
    await browser.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
