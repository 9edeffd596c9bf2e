import type { ItemState } from "~session"

/**
 * The English texts of the timeline: times, delivery states, totals and
 * the notes about what it does not list (the rest are in wording.ts).
 */

/** `at` as local hh:mm:ss.mmm. */
export function clockTime(at: number): string {
  const d = new Date(at)
  const pad = (n: number, width = 2) => String(n).padStart(width, "0")
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

const DELIVERY_LABELS: Record<ItemState, string> = {
  queued: "queued",
  sending: "sending…",
  replied: "replied",
  failed: "failed"
}

/**
 * How a message fared, in its timeline row: `state` for this view's own
 * messages, undefined for another view's (relayed here, with the round trip
 * its sender reported, once it has).
 */
export function deliveryText(
  state: ItemState | undefined,
  rttMs: number | undefined
): string {
  const rtt = rttMs === undefined ? "" : ` in ${rttMs.toFixed(1)} ms`
  if (state === undefined) return rtt ? `relayed, replied${rtt}` : "relayed"
  return state === "replied" ? `replied${rtt}` : DELIVERY_LABELS[state]
}

/** The totals line: this view's messages since it opened. */
export function totalsText(totals: {
  sent: number
  replied: number
  failed: number
}): string {
  return `${totals.sent} sent · ${totals.replied} replied · ${totals.failed} failed`
}

/** "1 entry", "12 entries". */
export function entriesText(count: number): string {
  return `${count} ${count === 1 ? "entry" : "entries"}`
}

/** The note at the log's start when older entries were dropped. */
export function droppedText(dropped: number, kept: number): string {
  return `${dropped} older ${dropped === 1 ? "entry was" : "entries were"} dropped (the log keeps the last ${kept}).`
}

/** The note when older failed messages are not listed. */
export function hiddenFailedText(hidden: number): string {
  return hidden === 1
    ? "1 older failed message is not shown (only the newest failed ones are listed; the totals count it)."
    : `${hidden} older failed messages are not shown (only the newest failed ones are listed; the totals count them).`
}
