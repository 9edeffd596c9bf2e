import { controllerRoundTrips, portRoundTrips } from "../page/port"
import { PORT_NAME, sidesInOrder, type BenchContext } from "../support/context"
import { controllerScript } from "../support/controller-bundle"
import { inPage } from "../support/in-page"
import { summarize, type Summary } from "../support/stats"

export interface PortRttResult {
  baseline: Summary
  /** Our background through a raw port: admission, mv3-port's server, handler, storage write. */
  oursPort: Summary
  /** The same through the views' client (mv3-port's stream client) in the popup (no rendering). */
  oursController: Summary
}

/**
 * Port round trip p50/p95/p99, in the popup pages' own clock, in alternating
 * blocks of sequential messages on a fresh port (the handshake is untimed).
 */
export async function measurePortRtt(
  ctx: BenchContext
): Promise<PortRttResult> {
  const { blocks, perBlock, warmup } = ctx.settings.rtt
  const baselinePage = await ctx.browser.openPage(ctx.baseline.popupUrl)
  const oursPage = await ctx.browser.openPage(ctx.ours.popupUrl)
  await oursPage.evaluate(controllerScript(ctx.root))
  const samples = {
    baseline: [] as number[],
    oursPort: [] as number[],
    oursController: [] as number[]
  }
  for (let block = 0; block < blocks; block++) {
    ctx.progress(`port round trip: block ${block + 1}/${blocks}`)
    for (const side of sidesInOrder(ctx, block)) {
      const args = {
        portName: PORT_NAME,
        n: perBlock,
        warmup,
        idPrefix: `${ctx.runId}-rtt-${side.key}-${block}`
      }
      if (side.key === "baseline") {
        samples.baseline.push(
          ...(await inPage(baselinePage, portRoundTrips, args))
        )
        continue
      }
      const viaPort = () => inPage(oursPage, portRoundTrips, args)
      const viaController = () => inPage(oursPage, controllerRoundTrips, args)
      // Alternate these two as well.
      if (block % 2 === 0) {
        samples.oursPort.push(...(await viaPort()))
        samples.oursController.push(...(await viaController()))
      } else {
        samples.oursController.push(...(await viaController()))
        samples.oursPort.push(...(await viaPort()))
      }
    }
  }
  await baselinePage.close()
  await oursPage.close()
  return {
    baseline: summarize(samples.baseline),
    oursPort: summarize(samples.oursPort),
    oursController: summarize(samples.oursController)
  }
}
