import type { CdpPipeBrowser } from "~tools/browser/cdp-browser"
import type { CdpPage } from "~tools/browser/cdp-page"

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
  await inPage(page, installUiProbe, null)
  await page.click("#connectBtn")
  await page.waitFor(
    "document.querySelector('#status .status-label')?.textContent === 'Connected'",
    15_000,
    "the popup to connect"
  )
}

/**
 * Presses Enter in the focused field with real key events: the form's
 * implicit submission clicks its default button (#sendBtn), wherever the
 * button is. Used where the layout may shift under the mouse.
 */
async function pressEnter(
  browser: CdpPipeBrowser,
  page: CdpPage
): Promise<void> {
  const key = {
    key: "Enter",
    code: "Enter",
    windowsVirtualKeyCode: 13,
    nativeVirtualKeyCode: 13
  }
  await page.send("Input.dispatchKeyEvent", {
    type: "keyDown",
    text: "\r",
    ...key
  })
  await page.send("Input.dispatchKeyEvent", { type: "keyUp", ...key })
}

/**
 * Types `text`, sends it with real input events (a click on Send, or Enter
 * in the field), and returns the page's own timing of click → reply shown,
 * or null if no reply showed within `timeoutMs`.
 */
export async function sendThroughUi(
  browser: CdpPipeBrowser,
  page: CdpPage,
  text: string,
  options: {
    timeoutMs?: number
    beforeSend?: () => Promise<void>
    via?: "click" | "enter"
  } = {}
) {
  await inPage(page, expectResponse, replyLine(text))
  await page.type("#messageInput", text)
  if (options.beforeSend) await options.beforeSend()
  if (options.via === "enter") await pressEnter(browser, page)
  else await page.click("#sendBtn")
  return inPage(page, awaitResponse, options.timeoutMs ?? 10_000)
}
