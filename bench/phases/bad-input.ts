import { badInput, type BadInputPage } from "../page/bad-input"
import { PORT_NAME, type BenchContext } from "../support/context"
import { inPage } from "../support/in-page"
import { median } from "../support/stats"

export interface BadInputResult {
  /** Malformed messages posted, small and large. */
  posted: { small: number; big: number }
  /** Valid message after a small malformed one: p50 and worst (ms). */
  small: { p50: number; max: number }
  /** Valid message after a large payload: worst (ms). */
  bigMax: number
  errors: number
  replies: number
}

/** Characters in each large payload: the size the hardening tests post. */
const BIG_CHARS = 10 * 1024 * 1024

/**
 * What a malformed message costs the valid one behind it, on our build
 * alone (the baseline checks nothing): small malformed messages of every
 * kind the parser refuses, then two 10 MB payloads, each followed by a
 * valid send on the same raw port.
 */
export async function measureBadInput(
  ctx: BenchContext
): Promise<BadInputResult> {
  ctx.progress("bad input: malformed messages, each followed by a valid one")
  const page = await ctx.browser.openPage(ctx.ours.popupUrl)
  let found: BadInputPage
  try {
    found = await inPage(page, badInput, {
      portName: PORT_NAME,
      idPrefix: `${ctx.runId}-bad`,
      rounds: ctx.settings.mode === "quick" ? 3 : 20,
      bigChars: BIG_CHARS
    })
  } finally {
    await page.close()
  }
  return {
    posted: { small: found.small.length, big: found.big.length },
    small: { p50: median(found.small), max: Math.max(...found.small) },
    bigMax: Math.max(...found.big),
    errors: found.errors,
    replies: found.replies
  }
}
