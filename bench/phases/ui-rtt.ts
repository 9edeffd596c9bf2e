import { logCount } from "../page/log"
import { sidesInOrder, type BenchContext } from "../support/context"
import { inPage } from "../support/in-page"
import { summarize, type Summary } from "../support/stats"
import { connectUi, sendThroughUi } from "./ui"

export interface UiRttResult {
  baseline: Summary
  ours: Summary
  /** Click → the page done handling it (handlers, submit, their renders). */
  clickHandling: { baseline: Summary; ours: Summary }
  /** Reply arriving at the page's port → reply shown in #response. */
  replyRendering: { baseline: Summary; ours: Summary }
  /** Sends whose reply never showed (should be 0). */
  missing: { baseline: number; ours: number }
  /** Entries in our timeline when the timed sends began (the burst leaves it full). */
  timelineEntries: number
}

/**
 * Click on Send → reply text in #response, in each popup's own clock, with
 * real mouse and keyboard input over CDP, alternating blocks of sends.
 */
export async function measureUiRtt(ctx: BenchContext): Promise<UiRttResult> {
  const { blocks, perBlock } = ctx.settings.ui
  const pages = {
    baseline: await ctx.browser.openPage(ctx.baseline.popupUrl),
    ours: await ctx.browser.openPage(ctx.ours.popupUrl)
  }
  await connectUi(pages.baseline)
  await connectUi(pages.ours)
  const samples = { baseline: [] as number[], ours: [] as number[] }
  const handling = { baseline: [] as number[], ours: [] as number[] }
  const rendering = { baseline: [] as number[], ours: [] as number[] }
  const missing = { baseline: 0, ours: 0 }
  // Untimed sends first: JIT, React's first updates, a sleepy worker.
  for (const key of ["baseline", "ours"] as const) {
    for (let i = 0; i < 5; i++) {
      await sendThroughUi(ctx.browser, pages[key], `${ctx.runId} warm ${i}`)
    }
  }
  const timelineEntries = await inPage(pages.ours, logCount, null)
  for (let block = 0; block < blocks; block++) {
    ctx.progress(`UI round trip: block ${block + 1}/${blocks}`)
    for (const side of sidesInOrder(ctx, block)) {
      for (let i = 0; i < perBlock; i++) {
        const timing = await sendThroughUi(
          ctx.browser,
          pages[side.key],
          `${ctx.runId} ui ${block}.${i}`
        )
        if (timing) {
          samples[side.key].push(timing.repliedAt - timing.clickAt)
          handling[side.key].push(timing.handledAt - timing.clickAt)
          rendering[side.key].push(timing.repliedAt - timing.arrivedAt)
        } else missing[side.key]++
      }
    }
  }
  await pages.baseline.close()
  await pages.ours.close()
  return {
    baseline: summarize(samples.baseline),
    ours: summarize(samples.ours),
    clickHandling: {
      baseline: summarize(handling.baseline),
      ours: summarize(handling.ours)
    },
    replyRendering: {
      baseline: summarize(rendering.baseline),
      ours: summarize(rendering.ours)
    },
    missing,
    timelineEntries
  }
}
