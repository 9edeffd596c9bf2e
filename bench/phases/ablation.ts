import { burst, portRoundTrips } from "../page/port"
import { PORT_NAME, type BenchContext } from "../support/context"
import { inPage } from "../support/in-page"
import { median, summarize, type Summary } from "../support/stats"

/** The baseline's worker plus one of the costs ours pays per message. */
const VARIANTS = [
  { name: "baseline (raw)", portName: PORT_NAME },
  { name: "+ storage.session.set", portName: "ablation:storage" },
  { name: "+ console.log", portName: "ablation:log" },
  { name: "+ both", portName: "ablation:storage+log" }
] as const

export interface AblationVariant {
  name: string
  portName: string
  rtt: Summary
  burstMsgsPerSec: number
  burstLost: number
}

export type AblationResult =
  { variants: AblationVariant[] } | { skipped: string }

/**
 * What single costs of our background do to the baseline: its worker answers
 * ports named `ablation:*` like the raw port, plus a storage write and/or a
 * console.log per message, as ours does. Round trips and bursts, alternating.
 */
export async function measureAblation(
  ctx: BenchContext
): Promise<AblationResult> {
  const settings = ctx.settings.ablation
  if (!settings) return { skipped: "Not in --quick runs." }
  const page = await ctx.browser.openPage(ctx.baseline.popupUrl)
  const rtt = VARIANTS.map(() => [] as number[])
  const rates = VARIANTS.map(() => [] as number[])
  const lost = VARIANTS.map(() => 0)
  for (let block = 0; block < settings.blocks; block++) {
    ctx.progress(`ablation: block ${block + 1}/${settings.blocks}`)
    const order = VARIANTS.map((_, i) => i)
    if (block % 2 === 1) order.reverse()
    for (const i of order) {
      const { portName } = VARIANTS[i]
      const idPrefix = `${ctx.runId}-ablation-${i}-${block}`
      rtt[i].push(
        ...(await inPage(page, portRoundTrips, {
          portName,
          n: settings.perBlock,
          warmup: settings.warmup,
          idPrefix
        }))
      )
      const result = await inPage(page, burst, {
        portName,
        n: ctx.settings.burst.messages,
        idPrefix,
        quietMs: 30_000
      })
      rates[i].push(result.msgsPerSec)
      lost[i] += result.lost
    }
  }
  await page.close()
  return {
    variants: VARIANTS.map((variant, i) => ({
      ...variant,
      rtt: summarize(rtt[i]),
      burstMsgsPerSec: median(rates[i]),
      burstLost: lost[i]
    }))
  }
}
