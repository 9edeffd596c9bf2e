import type { OutboxItem } from "mv3-port/core"

/** Replied messages listed: those among the latest this many sent. */
export const SETTLED_SHOWN = 50

/** Failed messages listed (the newest); older ones are counted, not listed. */
export const FAILED_SHOWN = 50

/**
 * What the view lists of `items` (request order), oldest first: nothing not
 * yet answered is hidden, so every message still queued or sending, the
 * newest FAILED_SHOWN failed ones (older ones are counted in `hiddenFailed`)
 * and the replied ones among the latest SETTLED_SHOWN.
 */
export function shownMessages<T extends OutboxItem<unknown, unknown>>(
  items: readonly T[]
): { messages: readonly T[]; hiddenFailed: number } {
  const recent = new Set(items.slice(-SETTLED_SHOWN))
  const failed = items.filter((m) => m.state === "failed")
  const failedShown = new Set(failed.slice(-FAILED_SHOWN))
  return {
    messages: items.filter((m) =>
      m.state === "failed"
        ? failedShown.has(m)
        : m.state !== "replied" || recent.has(m)
    ),
    hiddenFailed: failed.length - failedShown.size
  }
}
