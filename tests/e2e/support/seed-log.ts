import type { Page } from "playwright-core"

import type { LogEntry } from "~protocol"
import { DROPPED_KEY, entryKey, SEQ_KEY } from "~storage/layout"

/**
 * A log of `count` entries as the background stores it, from two other
 * views, with and without a reported round trip, short and long texts, so
 * every kind of row another view's message makes is on screen.
 */
function seededItems(count: number, dropped: number): Record<string, unknown> {
  const items: Record<string, unknown> = { [SEQ_KEY]: count }
  if (dropped > 0) items[DROPPED_KEY] = dropped
  const start = Date.now() - count * 1000
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

/**
 * Writes a full conversation log into `chrome.storage.session` from one of
 * the extension's pages. The worker holds the log's seq in memory, so stop
 * it afterwards (it reads the seeded seq on its next start) and reopen the
 * views to show the seeded log.
 */
export async function seedLog(
  page: Page,
  count: number,
  dropped = 0
): Promise<void> {
  const items = seededItems(count, dropped)
  await page.evaluate(async (all) => {
    await chrome.storage.session.clear()
    await chrome.storage.session.set(all)
  }, items)
}
