import { closeInspector, openInspector } from "../page/inspector"
import { burst, portRoundTrips } from "../page/port"
import { PORT_NAME, type BenchContext } from "../support/context"
import { inPage } from "../support/in-page"
import { median, summarize, type Summary } from "../support/stats"

export interface InspectorResult {
  /** Our port round trip with no Ports panel connected, and with one. */
  closed: Summary
  open: Summary
  /** Burst rate (messages/s, median of runs) without and with the panel. */
  burstClosed: number
  burstOpen: number
  /** Rows the panel was sent while open (that it was mirroring at all). */
  rowsMirrored: number
}

/**
 * What an open DevTools Ports panel costs the conversation: round trips and
 * bursts on our raw port in alternating blocks, with no inspector (the
 * server then has no observer) and with one connected from another page.
 */
export async function measureInspector(
  ctx: BenchContext
): Promise<InspectorResult> {
  const { blocks, perBlock, warmup } = ctx.settings.rtt
  const page = await ctx.browser.openPage(ctx.ours.popupUrl)
  const panelPage = await ctx.browser.openPage(ctx.ours.popupUrl)
  const samples = { closed: [] as number[], open: [] as number[] }
  const rates = { closed: [] as number[], open: [] as number[] }
  let rowsMirrored = 0
  for (let block = 0; block < blocks * 2; block++) {
    const open = block % 4 === 1 || block % 4 === 2
    ctx.progress(
      `inspector: block ${block + 1}/${blocks * 2} (${open ? "panel open" : "no panel"})`
    )
    if (open) await inPage(panelPage, openInspector, { portName: PORT_NAME })
    const idPrefix = `${ctx.runId}-inspector-${block}`
    const rtt = await inPage(page, portRoundTrips, {
      portName: PORT_NAME,
      n: perBlock,
      warmup,
      idPrefix
    })
    const sent = await inPage(page, burst, {
      portName: PORT_NAME,
      n: ctx.settings.burst.messages / 5,
      idPrefix: `${idPrefix}-burst`,
      quietMs: 30_000
    })
    if (open) rowsMirrored += await inPage(panelPage, closeInspector, undefined)
    samples[open ? "open" : "closed"].push(...rtt)
    rates[open ? "open" : "closed"].push(sent.msgsPerSec)
  }
  await page.close()
  await panelPage.close()
  return {
    closed: summarize(samples.closed),
    open: summarize(samples.open),
    burstClosed: median(rates.closed),
    burstOpen: median(rates.open),
    rowsMirrored
  }
}
