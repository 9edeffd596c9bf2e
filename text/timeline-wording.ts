import type { Delivery } from "~views/conversation-types"

import { formatNumber, t, type MessageKey } from "./i18n"

/**
 * The timeline's texts: times, delivery states, totals and the notes about
 * what it does not list (the rest are in wording.ts).
 */

/** `at` as local hh:mm:ss.mmm. */
export function clockTime(at: number): string {
  const d = new Date(at)
  const pad = (n: number, width = 2) => String(n).padStart(width, "0")
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/** `n` with one decimal: "12.5" ("12,5" in German). */
const oneDecimal = (n: number) =>
  formatNumber(n, { minimumFractionDigits: 1, maximumFractionDigits: 1 })

/** A duration in ms with one decimal: "12.5 ms" ("12,5 ms" in German). */
export function millisecondsText(ms: number): string {
  return t("milliseconds", oneDecimal(ms))
}

const DELIVERY_LABELS: Record<Delivery["state"], MessageKey> = {
  queued: "deliveryQueued",
  sending: "deliverySending",
  replied: "deliveryReplied",
  failed: "deliveryFailed"
}

/**
 * How a message fared, in its timeline row: `state` for this view's own
 * messages, undefined for another view's (relayed here, with the round trip
 * its sender reported, once it has).
 */
export function deliveryText(
  state: Delivery["state"] | undefined,
  rttMs: number | undefined
): string {
  const rtt = rttMs === undefined ? undefined : oneDecimal(rttMs)
  if (state === undefined) {
    return rtt === undefined
      ? t("deliveryRelayed")
      : t("deliveryRelayedRepliedIn", rtt)
  }
  return state === "replied" && rtt !== undefined
    ? t("deliveryRepliedIn", rtt)
    : t(DELIVERY_LABELS[state])
}

/** "1 entry", "12 entries". */
export function entriesText(count: number): string {
  return t(count === 1 ? "entriesOne" : "entriesMany", count)
}
