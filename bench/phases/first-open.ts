import { CdpPipeBrowser } from "~tools/browser/cdp-browser"

import type { BenchContext, Side } from "../support/context"
import { inBlockOrder } from "../support/order"
import { summarize, type Summary } from "../support/stats"
import { timeLoad } from "./load"

/** What the first-open phase needs: everything but the shared browser. */
export type FirstOpenContext = Omit<BenchContext, "browser">

export type FirstOpenResult =
  | { skipped: string }
  | {
      samples: number
      /** Navigation start → #connectBtn enabled, first open in a new profile. */
      baseline: Summary
      ours: Summary
      /** Launch → both extensions' workers running, per sample (ms). */
      launch: Summary
    }

/**
 * First open of each popup in a fresh browser profile (no code cache, no
 * HTTP cache): one new Chromium per sample with both extensions, each popup
 * opened once, which opens first alternating between samples. Skipped, with
 * the reason, if a browser cannot be launched or a popup does not load.
 */
export async function measureFirstOpen(
  base: FirstOpenContext
): Promise<FirstOpenResult> {
  const { samples } = base.settings.firstOpen
  const timings = { baseline: [] as number[], ours: [] as number[] }
  const launch: number[] = []
  try {
    for (let i = 0; i < samples; i++) {
      base.progress(`first open in a fresh profile: ${i + 1}/${samples}`)
      const started = performance.now()
      const browser = await CdpPipeBrowser.launch([
        base.ours.dir,
        base.baseline.dir
      ])
      launch.push(performance.now() - started)
      try {
        const ctx: BenchContext = { ...base, browser }
        const sides: Side[] = inBlockOrder([base.baseline, base.ours], i)
        for (const side of sides) {
          timings[side.key].push(
            (await timeLoad(ctx, side.popupUrl)).interactive
          )
        }
      } finally {
        await browser.close()
      }
    }
  } catch (error) {
    return { skipped: `First open could not be measured: ${error}` }
  }
  return {
    samples,
    baseline: summarize(timings.baseline),
    ours: summarize(timings.ours),
    launch: summarize(launch)
  }
}
