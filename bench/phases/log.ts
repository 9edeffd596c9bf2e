import {
  armLogEntry,
  awaitLogEntry,
  fillLog,
  logCount,
  timeOrigin
} from "../page/log"
import { PORT_NAME, type BenchContext } from "../support/context"
import { callSource, inPage } from "../support/in-page"
import { summarize, type Summary } from "../support/stats"
import { timeLoad } from "./load"
import { connectUi, sendThroughUi } from "./ui"

export type LogResult =
  | { skipped: string }
  | {
      entries: number
      /** Navigation start → #log showing all entries (fresh popup, page clock). */
      render: Summary
      /** Send click → the new entry shown in #log, with `entries` already there. */
      append: Summary
      /**
       * With a side panel also connected: the sender's #response showing the
       * reply → the side panel's #log showing the entry (both pages' clocks
       * on the same time origin).
       */
      relay: Summary
      missing: number
    }

/**
 * The shared log with `entries` entries: time to render a fresh popup with
 * it, and to append one. Skipped (with a note) when the popup has no #log.
 */
export async function measureLog(ctx: BenchContext): Promise<LogResult> {
  const { entries, loads, appends } = ctx.settings.log
  const page = await ctx.browser.openPage(ctx.ours.popupUrl)
  try {
    await connectUi(page)
    if ((await inPage(page, logCount, null)) < 0) {
      return {
        skipped:
          "No #log in the popup yet: the shared log is being added in another branch."
      }
    }
    ctx.progress(`log: filling it with ${entries} entries`)
    await inPage(page, fillLog, {
      portName: PORT_NAME,
      n: entries,
      idPrefix: `${ctx.runId}-log`
    })
    await page.waitFor(
      `${callSource(logCount)} >= ${entries}`,
      15_000,
      `#log to show ${entries} entries`
    )
    let missing = 0
    const append: number[] = []
    for (let i = 0; i < appends; i++) {
      const text = `${ctx.runId} log append ${i}`
      await inPage(page, armLogEntry, text)
      const reply = await sendThroughUi(ctx.browser, page, text)
      const shownAt = await inPage(page, awaitLogEntry, 5000)
      if (reply && shownAt !== null) append.push(shownAt - reply.clickAt)
      else missing++
    }
    ctx.progress(`log: a side panel too, ${appends} messages relayed to it`)
    const relay: number[] = []
    const panel = await ctx.browser.openPage(
      `chrome-extension://${ctx.ours.id}/sidepanel.html`,
      // Beside the popup, as a real side panel is: a background tab would be hidden.
      { newWindow: true }
    )
    try {
      await connectUi(panel)
      for (let i = 0; i < appends; i++) {
        const text = `${ctx.runId} relay ${i}`
        await inPage(panel, armLogEntry, text)
        const reply = await sendThroughUi(ctx.browser, page, text)
        const shownAt = await inPage(panel, awaitLogEntry, 5000)
        if (!reply || shownAt === null) {
          missing++
          continue
        }
        const popupOrigin = await inPage(page, timeOrigin, null)
        const panelOrigin = await inPage(panel, timeOrigin, null)
        relay.push(panelOrigin + shownAt - (popupOrigin + reply.repliedAt))
      }
    } finally {
      await panel.close()
    }
    ctx.progress(`log: ${loads} fresh popups with ${entries} entries`)
    const render: number[] = []
    for (let i = 0; i < loads; i++) {
      const timing = await timeLoad(ctx, ctx.ours.popupUrl, entries)
      render.push(timing.logShown!)
    }
    return {
      entries,
      render: summarize(render),
      append: summarize(append),
      relay: summarize(relay),
      missing
    }
  } finally {
    await page.close()
  }
}
