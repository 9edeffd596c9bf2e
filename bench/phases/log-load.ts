import { seededLogItems } from "~tools/seeded-log"

import { replaceSessionItems } from "../page/storage"
import type { BenchContext } from "../support/context"
import { inPage } from "../support/in-page"
import { inBlockOrder } from "../support/order"
import { summarize, type Summary } from "../support/stats"
import { timeLoad } from "./load"

export interface LogLoadResult {
  entries: number
  loadsPerCase: number
  /** Navigation start → #connectBtn enabled, the stored log empty. */
  empty: Summary
  /** The same with `entries` entries stored, in the background's format. */
  full: Summary
}

type Case = "empty" | "full"

/**
 * Writes from a page of ours (storage.session is per extension), closed
 * before the timed loads so no other view is open while they run, as in the
 * popup load phase.
 */
async function storeItems(
  ctx: BenchContext,
  items: Record<string, unknown>
): Promise<void> {
  const writer = await ctx.browser.openPage(ctx.ours.popupUrl)
  try {
    await inPage(writer, replaceSessionItems, items)
  } finally {
    await writer.close()
  }
}

/**
 * Our popup opened on a stored log of `entries` entries vs on an empty one:
 * fresh tabs timed like the popup load, the two cases in alternating blocks,
 * the stored log replaced before each block. Leaves the stored log empty.
 */
export async function measureLogLoad(
  ctx: BenchContext
): Promise<LogLoadResult> {
  const { entries, blocks, perBlock } = ctx.settings.logLoad
  const items: Record<Case, Record<string, unknown>> = {
    empty: {},
    full: seededLogItems(entries)
  }
  const timings: Record<Case, number[]> = { empty: [], full: [] }
  for (let block = 0; block < blocks; block++) {
    ctx.progress(
      `popup on a ${entries}-entry log vs empty: block ${block + 1}/${blocks}`
    )
    for (const key of inBlockOrder<Case>(["full", "empty"], block)) {
      await storeItems(ctx, items[key])
      // One untimed load per block and case, so both start equally warm.
      await timeLoad(ctx, ctx.ours.popupUrl)
      for (let i = 0; i < perBlock; i++) {
        timings[key].push((await timeLoad(ctx, ctx.ours.popupUrl)).interactive)
      }
    }
  }
  await storeItems(ctx, {})
  return {
    entries,
    loadsPerCase: timings.full.length,
    empty: summarize(timings.empty),
    full: summarize(timings.full)
  }
}
