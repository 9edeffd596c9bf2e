import type { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import type { CdpPage } from "~tools/browser/cdp-page"

import * as probe from "../page/streams"
import { inPage } from "../support/in-page"

/** The file Send file uploads and the #response text that ends it. */
export interface UploadFile {
  path: string
  expected: string
}

/** Chooses `path` in the popup's #fileInput, as a user picking it would. */
async function chooseFile(page: CdpPage, path: string): Promise<void> {
  // The picker is disabled while the view cannot send (e.g. reconnecting).
  await page.waitFor(
    "!document.getElementById('fileInput').disabled",
    15_000,
    "#fileInput to be enabled"
  )
  const { root } = await page.send("DOM.getDocument")
  const { nodeId } = await page.send("DOM.querySelector", {
    nodeId: root.nodeId,
    selector: "#fileInput"
  })
  await page.send("DOM.setFileInputFiles", { files: [path], nodeId })
  await page.waitFor(
    "!document.getElementById('sendFileBtn').disabled",
    15_000,
    "Send file to be enabled once a file is chosen"
  )
}

/**
 * One upload through the popup's UI (choose the file, click Send file,
 * wait for the reply line); `during` runs while it goes up. Click → reply
 * shown, in ms of the page's clock.
 */
export async function uploadThroughUi(
  page: CdpPage,
  file: UploadFile,
  during: () => Promise<void> = async () => {}
): Promise<number> {
  await chooseFile(page, file.path)
  const done = inPage(page, probe.uploadThroughUi, {
    expected: file.expected,
    timeoutMs: 120_000
  })
  await during()
  const { ms } = await done
  if (ms === null) throw new Error("An upload got no reply within 120 s")
  return ms
}

/**
 * Attaches DevTools to extension `id`'s worker, collects garbage and reads
 * its idle heap, then samples it every 25 ms (with `collect`, every 4th
 * time after a collection too: what it retains) until the returned stop is
 * called. Attached DevTools slow the worker, so the upload sampled is not a
 * timed one.
 */
export async function sampleWorkerHeap(
  browser: CdpPipeBrowser,
  id: string,
  { collect = false } = {}
) {
  const [targetId] = await browser.workerTargets(id)
  if (!targetId) throw new Error("No worker runs to sample")
  const { sessionId } = await browser.send("Target.attachToTarget", {
    targetId,
    flatten: true
  })
  const used = async () =>
    (await browser.sendTo(sessionId, "Runtime.getHeapUsage")).usedSize
  // Idle means what the worker keeps, not the garbage of earlier uploads.
  await browser.sendTo(sessionId, "HeapProfiler.collectGarbage")
  const idleBytes = await used()
  let peakBytes = idleBytes
  let retainedPeakBytes = idleBytes
  let samples = 0
  let running = true
  const sampler = (async () => {
    while (running) {
      peakBytes = Math.max(peakBytes, await used())
      // With `collect`, every 4th sample is taken after a collection too:
      // the used heap counts garbage the scavenger has not reached yet.
      // (Collections lower the plain peak as well, hence a run of its own.)
      if (++samples % 4 === 0 && collect) {
        await browser.sendTo(sessionId, "HeapProfiler.collectGarbage")
        retainedPeakBytes = Math.max(retainedPeakBytes, await used())
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  })()
  return async () => {
    running = false
    await sampler
    await browser.send("Target.detachFromTarget", { sessionId })
    return { idleBytes, peakBytes, retainedPeakBytes, samples }
  }
}

/** Stop → the new worker's first grant, and → chunks flowing again (ms). */
export interface ResumeSample {
  reconnectMs: number
  resumeMs: number
}

/**
 * Stops the worker each time the upload passes one of `fractions` of
 * `size`; the stop times, in the page's clock.
 */
export async function stopsDuring(
  browser: CdpPipeBrowser,
  page: CdpPage,
  size: number,
  fractions: readonly number[]
): Promise<number[]> {
  const stops: number[] = []
  for (const fraction of fractions) {
    await page.waitFor(
      `document.getElementById("fileProgress").value > ${fraction * size}`,
      60_000,
      "upload progress"
    )
    stops.push(await inPage(page, probe.pageNow, null))
    await browser.stopAllWorkers(page)
  }
  return stops
}

/**
 * From the port events recorded over the upload: for each stop, when the
 * popup's new port got its first grant, and when a grant on it first said
 * the background holds more than that (the moment #fileProgress, which
 * shows the last grant, grows again).
 */
export function resumeAfter(
  stops: readonly number[],
  events: readonly probe.PortEvent[]
): ResumeSample[] {
  return stops.map((stopAt) => {
    const lastPort = Math.max(
      ...events.filter((e) => e.at < stopAt).map((e) => e.port)
    )
    const grants = events.filter(
      (e) => e.port > lastPort && e.type === "stream-grant"
    )
    const first = grants[0]
    if (!first) return { reconnectMs: NaN, resumeMs: NaN }
    const grown = grants.find(
      (e) => e.port === first.port && (e.next ?? 0) > (first.next ?? 0)
    )
    return {
      reconnectMs: first.at - stopAt,
      resumeMs: grown ? grown.at - stopAt : NaN
    }
  })
}
