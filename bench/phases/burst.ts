import { burst, type BurstResult } from "../page/port"
import { burstSide, type BurstSideOf } from "../support/burst-side"
import { PORT_NAME, sidesInOrder, type BenchContext } from "../support/context"
import { inPage } from "../support/in-page"

const COUNTS = ["lost", "outOfOrder", "duplicates", "errors"] as const

/** One popup's bursts. */
export type BurstSide = BurstSideOf<BurstResult, (typeof COUNTS)[number]>

export interface BurstPhaseResult {
  messages: number
  baseline: BurstSide
  ours: BurstSide
}

/**
 * N sends posted back to back on a fresh raw port from each popup page (our
 * view's conversation client would refuse a backlog that deep by design), every reply
 * checked for loss, order and duplicates.
 */
export async function measureBurst(
  ctx: BenchContext
): Promise<BurstPhaseResult> {
  const { runs, messages } = ctx.settings.burst
  const pages = {
    baseline: await ctx.browser.openPage(ctx.baseline.popupUrl),
    ours: await ctx.browser.openPage(ctx.ours.popupUrl)
  }
  const results = { baseline: [] as BurstResult[], ours: [] as BurstResult[] }
  for (let run = 0; run < runs; run++) {
    ctx.progress(`burst: run ${run + 1}/${runs}`)
    for (const side of sidesInOrder(ctx, run)) {
      results[side.key].push(
        await inPage(pages[side.key], burst, {
          portName: PORT_NAME,
          n: messages,
          idPrefix: `${ctx.runId}-burst-${run}`,
          quietMs: 30_000
        })
      )
    }
  }
  await pages.baseline.close()
  await pages.ours.close()
  return {
    messages,
    baseline: burstSide(results.baseline, COUNTS),
    ours: burstSide(results.ours, COUNTS)
  }
}
