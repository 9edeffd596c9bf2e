import type { Page } from "playwright-core"

/**
 * Page scripts that open a raw `popup-connection` port from one of our own
 * pages, the way a buggy or hostile caller could, bypassing the views' hook.
 */
export const OPEN_RAW_PORT = `(() => {
  const port = chrome.runtime.connect({ name: "popup-connection" })
  const raw = (window.__raw = { port, got: [], closed: false, waiters: [] })
  port.onMessage.addListener((message) => {
    raw.got.push({ message, at: performance.now() })
    for (const waiter of raw.waiters.splice(0)) waiter()
  })
  port.onDisconnect.addListener(() => { raw.closed = true })
  port.postMessage({ name: "popup-connection", body: { type: "hello", clientId: "raw-" + Math.random().toString(36).slice(2), kind: "popup" } })
  raw.next = (count) => new Promise((resolve) => {
    const check = () => raw.got.length >= count ? resolve() : raw.waiters.push(check)
    check()
  })
  return raw.next(1).then(() => raw.got[0].message.type)
})()`

/** Opens the raw port in `page` and waits for the background's welcome. */
export async function openRawPort(page: Page): Promise<void> {
  const first = await page.evaluate(OPEN_RAW_PORT)
  if (first !== "welcome") throw new Error(`Expected a welcome, got ${first}`)
}

/** What OPEN_RAW_PORT leaves on `window.__raw`, for page functions to use. */
export interface RawPortState {
  port: chrome.runtime.Port
  got: Array<{
    message: { type: string; id?: string | null; code?: string }
    at: number
  }>
  closed: boolean
  next: (count: number) => Promise<void>
}

/** The raw port state inside a page function (`raw()` there). */
export type RawWindow = Window & { __raw: RawPortState }
