import type { CdpPage } from "../../tests/e2e/support/cdp-pipe"
import { burst, type BurstResult } from "../page/port"
import { workerTargetsOf } from "../support/browser"
import { PORT_NAME, type BenchContext, type Side } from "../support/context"
import { inPage } from "../support/in-page"

export interface HeapSide {
  /** Highest used JS heap of the popup page, sampled every 25 ms during the burst. */
  popupPeakBytes: number
  popupBeforeBytes: number
  /** Used JS heap of the worker right after the burst (DevTools attached briefly). */
  workerAfterBytes: number | null
  burst: BurstResult
}

export interface HeapResult {
  baseline: HeapSide
  ours: HeapSide
}

interface HeapUsage {
  usedSize: number
  totalSize: number
}

async function usedHeap(ctx: BenchContext, sessionId: string) {
  const usage = await ctx.browser.send<HeapUsage>(
    "Runtime.getHeapUsage",
    {},
    sessionId
  )
  return usage.usedSize
}

/**
 * Attaches DevTools to the side's worker just long enough to read its heap.
 * Only after the burst: attached DevTools keep a worker alive and slow it.
 */
async function workerHeap(ctx: BenchContext, side: Side) {
  const [targetId] = await workerTargetsOf(ctx.browser, side.id)
  if (!targetId) return null
  const { sessionId } = await ctx.browser.send<{ sessionId: string }>(
    "Target.attachToTarget",
    { targetId, flatten: true }
  )
  try {
    return await usedHeap(ctx, sessionId)
  } finally {
    await ctx.browser.send("Target.detachFromTarget", { sessionId })
  }
}

async function measureSide(
  ctx: BenchContext,
  side: Side,
  page: CdpPage
): Promise<HeapSide> {
  const popupBeforeBytes = await usedHeap(ctx, page.sessionId)
  let peak = popupBeforeBytes
  let running = true
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await usedHeap(ctx, page.sessionId))
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  })()
  const result = await inPage(page, burst, {
    portName: PORT_NAME,
    n: ctx.settings.burst.messages,
    idPrefix: `${ctx.runId}-heap`,
    quietMs: 5000
  })
  running = false
  await sampler
  return {
    popupPeakBytes: peak,
    popupBeforeBytes,
    workerAfterBytes: await workerHeap(ctx, side),
    burst: result
  }
}

/** Peak popup heap during an extra (untimed) burst, and worker heap after it. */
export async function measureHeap(ctx: BenchContext): Promise<HeapResult> {
  ctx.progress("heap: one more burst per side, sampling the popup's heap")
  const result: Partial<HeapResult> = {}
  for (const side of [ctx.baseline, ctx.ours]) {
    const page = await ctx.browser.openPage(side.popupUrl)
    result[side.key] = await measureSide(ctx, side, page)
    await page.close()
  }
  return result as HeapResult
}
