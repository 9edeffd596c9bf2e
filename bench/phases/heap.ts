import type { CdpPage } from "~tools/browser/cdp-page"

import { burst, type BurstResult } from "../page/port"
import { PORT_NAME, type BenchContext, type Side } from "../support/context"
import { inPage } from "../support/in-page"

export interface HeapSide {
  popupBeforeBytes: number
  /** Highest used JS heap of the popup page, sampled every 25 ms during the burst. */
  popupPeakBytes: number
  workerBeforeBytes: number | null
  /** Highest used JS heap of the worker, sampled the same way (DevTools attached). */
  workerPeakBytes: number | null
  /** Used JS heap of the worker right after the last reply. */
  workerAfterBytes: number | null
  burst: BurstResult
}

export interface HeapResult {
  baseline: HeapSide
  ours: HeapSide
}

async function usedHeap(ctx: BenchContext, sessionId: string) {
  const usage = await ctx.browser.sendTo(sessionId, "Runtime.getHeapUsage")
  return usage.usedSize
}

/** Attaches DevTools to the side's running worker; null if none runs. */
async function attachWorker(ctx: BenchContext, side: Side) {
  const [targetId] = await ctx.browser.workerTargets(side.id)
  if (!targetId) return null
  const { sessionId } = await ctx.browser.send("Target.attachToTarget", {
    targetId,
    flatten: true
  })
  return sessionId
}

async function measureSide(
  ctx: BenchContext,
  side: Side,
  page: CdpPage
): Promise<HeapSide> {
  // A throwaway round of messages wakes the worker so that it can be attached.
  await inPage(page, burst, {
    portName: PORT_NAME,
    n: 10,
    idPrefix: `${ctx.runId}-heap-wake`,
    quietMs: 30_000
  })
  const worker = await attachWorker(ctx, side)
  const popupBeforeBytes = await usedHeap(ctx, page.sessionId)
  const workerBeforeBytes = worker ? await usedHeap(ctx, worker) : null
  let popupPeak = popupBeforeBytes
  let workerPeak = workerBeforeBytes
  let running = true
  const sample = async () => {
    popupPeak = Math.max(popupPeak, await usedHeap(ctx, page.sessionId))
    if (worker) {
      workerPeak = Math.max(workerPeak ?? 0, await usedHeap(ctx, worker))
    }
  }
  const sampler = (async () => {
    while (running) {
      await sample()
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  })()
  const result = await inPage(page, burst, {
    portName: PORT_NAME,
    n: ctx.settings.burst.messages,
    idPrefix: `${ctx.runId}-heap`,
    quietMs: 30_000
  })
  running = false
  await sampler
  await sample()
  const workerAfterBytes = worker ? await usedHeap(ctx, worker) : null
  if (worker) {
    await ctx.browser.send("Target.detachFromTarget", { sessionId: worker })
  }
  return {
    popupBeforeBytes,
    popupPeakBytes: popupPeak,
    workerBeforeBytes,
    workerPeakBytes: workerPeak,
    workerAfterBytes,
    burst: result
  }
}

/**
 * Heap during one extra, untimed burst per side: the popup page's and the
 * worker's used JS heap sampled every 25 ms. Sampling the worker needs
 * DevTools attached to it, which slows it; that is why this burst is not
 * one of the timed ones.
 */
export async function measureHeap(ctx: BenchContext): Promise<HeapResult> {
  ctx.progress("heap: one more burst per side, sampling both heaps")
  const result: Partial<HeapResult> = {}
  for (const side of [ctx.baseline, ctx.ours]) {
    const page = await ctx.browser.openPage(side.popupUrl)
    result[side.key] = await measureSide(ctx, side, page)
    await page.close()
  }
  return result as HeapResult
}
