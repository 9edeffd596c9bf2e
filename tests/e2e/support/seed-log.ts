import type { Page } from "playwright-core"

import { seededLogItems } from "~tools/seeded-log"

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
  const items = seededLogItems(count, dropped)
  await page.evaluate(async (all) => {
    await chrome.storage.session.clear()
    await chrome.storage.session.set(all)
  }, items)
}
