import type { CdpPage } from "~tools/browser/cdp-page"

import { coldRoundTrip } from "../page/port"
import { PORT_NAME, type BenchContext, type Side } from "../support/context"
import { inPage } from "../support/in-page"
import { summarize, type Summary } from "../support/stats"
import { connectUi, sendThroughUi } from "./ui"

export interface RecoveryTrial {
  /** Send click → reply shown in #response (page clock). */
  clickToReplyMs: number | null
  /** Just before the stop command → reply shown (page clock). */
  stopToReplyMs: number | null
  /** Status labels the popup showed in between. */
  statuses: string[]
  /** A new worker started during the trial (the stop took effect). */
  workerRestarted: boolean
}

export interface RecoveryResult {
  trials: RecoveryTrial[]
  clickToReply: Summary
  stopToReply: Summary
  failures: number
  /** Reference: connect + hello + one message to a stopped worker, raw port. */
  cold: { baseline: Summary; ours: Summary }
}

async function waitForStop(ctx: BenchContext, side: Side): Promise<void> {
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    if ((await ctx.browser.workerTargets(side.id)).length === 0) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Wake-up cost of a stopped worker through a bare port, per side. */
async function coldStarts(ctx: BenchContext, side: Side, trials: number) {
  const page = await ctx.browser.openPage(side.popupUrl)
  const samples: number[] = []
  for (let i = 0; i < trials; i++) {
    // Stopping all workers stops the other extension's too; that is harmless.
    await ctx.browser.stopAllWorkers(page)
    await waitForStop(ctx, side)
    const cold = await inPage(page, coldRoundTrip, {
      portName: PORT_NAME,
      idPrefix: `${ctx.runId}-cold-${i}`
    })
    samples.push(cold.replyMs)
  }
  await page.close()
  return summarize(samples)
}

async function trial(
  ctx: BenchContext,
  page: CdpPage,
  i: number
): Promise<RecoveryTrial> {
  await ctx.browser.waitForWorker(ctx.ours.id)
  await page.waitFor(
    "document.querySelector('#status .status-label')?.textContent === 'Connected'",
    15_000,
    "the popup to reconnect"
  )
  // Let the reconnect's own traffic settle before stopping again.
  await new Promise((resolve) => setTimeout(resolve, 200))
  let workerRestarted = false
  const off = ctx.browser.on("Target.targetCreated", (params) => {
    const info = params.targetInfo as { type: string; url: string }
    if (
      info.type === "service_worker" &&
      info.url.startsWith(`chrome-extension://${ctx.ours.id}/`)
    ) {
      workerRestarted = true
    }
  })
  let stopAt = NaN
  // Enter, not a click: the popup's status line grows when the port drops,
  // which can move Send out from under a click aimed a moment earlier.
  const timing = await sendThroughUi(
    ctx.browser,
    page,
    `${ctx.runId} after stop ${i}`,
    {
      via: "enter",
      beforeSend: async () => {
        stopAt = await page.evaluate<number>("performance.now()")
        await ctx.browser.stopAllWorkers(page)
      }
    }
  )
  // The new worker's target may be reported just after the reply.
  await ctx.browser.waitForWorker(ctx.ours.id)
  await new Promise((resolve) => setTimeout(resolve, 50))
  off()
  return {
    clickToReplyMs: timing ? timing.repliedAt - timing.clickAt : null,
    stopToReplyMs: timing ? timing.repliedAt - stopAt : null,
    statuses: timing?.statuses ?? [],
    workerRestarted
  }
}

/**
 * Recovery: with our popup connected, the worker is stopped over CDP (as
 * Chrome stops an idle one) and a message is sent through the UI right
 * after; timed from the click to the reply shown.
 */
export async function measureRecovery(
  ctx: BenchContext
): Promise<RecoveryResult> {
  const { trials } = ctx.settings.recovery
  ctx.progress("recovery: cold starts of each worker (reference)")
  const cold = {
    baseline: await coldStarts(ctx, ctx.baseline, trials),
    ours: await coldStarts(ctx, ctx.ours, trials)
  }
  const page = await ctx.browser.openPage(ctx.ours.popupUrl)
  await connectUi(page)
  const results: RecoveryTrial[] = []
  for (let i = 0; i < trials; i++) {
    ctx.progress(`recovery: trial ${i + 1}/${trials}`)
    results.push(await trial(ctx, page, i))
  }
  await page.close()
  const replied = (key: "clickToReplyMs" | "stopToReplyMs") =>
    results.map((r) => r[key]).filter((ms): ms is number => ms !== null)
  const times = replied("clickToReplyMs")
  return {
    trials: results,
    clickToReply: summarize(times),
    stopToReply: summarize(replied("stopToReplyMs")),
    failures: results.length - times.length,
    cold
  }
}
