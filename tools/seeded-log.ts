import type { LogEntry } from "~protocol"
import { DROPPED_KEY, entryKey, SEQ_KEY } from "~storage/layout"

/**
 * A log of `count` entries as the background stores it in
 * `chrome.storage.session`, from two other views, with and without a
 * reported round trip, short and long texts, so every kind of row another
 * view's message makes is on screen. The e2e tests and the benchmark seed
 * the same log, so a figure and a test describe the same page.
 */
export function seededLogItems(
  count: number,
  dropped = 0,
  now = Date.now()
): Record<string, unknown> {
  const items: Record<string, unknown> = { [SEQ_KEY]: count }
  if (dropped > 0) items[DROPPED_KEY] = dropped
  const start = now - count * 1000
  for (let seq = 1; seq <= count; seq++) {
    const kind = seq % 2 === 0 ? "sidepanel" : "popup"
    const text =
      seq % 7 === 0
        ? `seeded message ${seq} `.repeat(12).trim()
        : `seeded message ${seq}`
    const entry: LogEntry = {
      id: `seeded-${seq}`,
      seq,
      at: start + seq * 1000,
      from: { clientId: `seeded-${kind}`, kind },
      text,
      reply: `Background received: "${text}"`,
      ...(seq % 3 === 0 ? {} : { rttMs: 1 + (seq % 40) / 10 })
    }
    items[entryKey(seq)] = entry
  }
  return items
}
