import type { CdpPage } from "../../tests/e2e/support/cdp-pipe"
import { awaitResponse, expectResponse, installUiProbe } from "../page/ui"
import { inPage } from "../support/in-page"

/** What #response shows for a reply to `text` (both popups say the same). */
export function replyLine(text: string): string {
  return `Reply: Background received: "${text}"`
}

/** Clicks Connect and waits for the status to say so. */
export async function connectUi(page: CdpPage): Promise<void> {
  await page.waitFor(
    "document.getElementById('connectBtn') && !document.getElementById('connectBtn').disabled"
  )
  await page.click("#connectBtn")
  await page.waitFor(
    "document.querySelector('#status .status-label')?.textContent === 'Connected'",
    15_000,
    "the popup to connect"
  )
  await inPage(page, installUiProbe, null)
}

/**
 * Types `text`, clicks Send with real input events, and returns the page's
 * own timing of click → reply shown (null if no reply within `timeoutMs`).
 */
export async function sendThroughUi(
  page: CdpPage,
  text: string,
  timeoutMs = 10_000,
  beforeSend?: () => Promise<void>
) {
  await inPage(page, expectResponse, replyLine(text))
  await page.type("#messageInput", text)
  if (beforeSend) await beforeSend()
  await page.click("#sendBtn")
  return inPage(page, awaitResponse, timeoutMs)
}
