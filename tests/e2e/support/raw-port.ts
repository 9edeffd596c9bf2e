import type { ToClient } from "mv3-port"
import type { Page } from "playwright-core"

/**
 * Page scripts that open a raw `popup-connection` port from one of our own
 * pages, the way a buggy or hostile caller could, bypassing the views'
 * client: it posts mv3-port's wire itself (`ToServer`), starting with the
 * hello. What the worker posts back is kept in `got` (the welcome, then
 * answers: `res`, `err`, `pong`, `st`), apart from its events (`presence`,
 * other views' `entry`…), which come whenever other views act and are kept
 * in `events`, so that a test can count the answers to what it posted.
 */
export const OPEN_RAW_PORT = (kind = "popup") => `(() => {
  const port = chrome.runtime.connect({ name: "popup-connection" })
  const raw = (window.__raw = { port, got: [], events: [], closed: false, waiters: [] })
  port.onMessage.addListener((message) => {
    const list = message && message.k === "event" ? raw.events : raw.got
    list.push({ message, at: performance.now() })
    for (const waiter of raw.waiters.splice(0)) waiter()
  })
  port.onDisconnect.addListener(() => {
    raw.closed = true
    for (const waiter of raw.waiters.splice(0)) waiter()
  })
  const clientId = "raw-" + Math.random().toString(36).slice(2)
  port.postMessage({ k: "hello", data: { clientId, kind: ${JSON.stringify(kind)} } })
  raw.next = (count) => new Promise((resolve, reject) => {
    const check = () => {
      if (raw.got.length >= count) resolve()
      else if (raw.closed) reject(new Error("The worker closed the raw port"))
      else raw.waiters.push(check)
    }
    check()
  })
  // The welcome comes first; presence events follow it.
  return raw.next(1).then(() => raw.got[0].message.k, () => "closed")
})()`

/** Opens the raw port in `page` as a view of `kind` and waits for the worker's welcome. */
export async function openRawPort(page: Page, kind = "popup"): Promise<void> {
  const first = await page.evaluate(OPEN_RAW_PORT(kind))
  if (first !== "welcome") throw new Error(`Expected a welcome, got ${first}`)
}

/**
 * A message of a running stream or upload, as the worker posts it (the
 * package's `ToView` adds it to `ToClient`; only `ToClient` is exported).
 */
export interface RawStreamMessage {
  k: "st"
  m: {
    type: string
    id: string
    code?: string
    index?: number
    next?: number
    upTo?: number
    count?: number
    kept?: number
  }
}

/** What the worker posts on the raw port. */
export type RawFromWorker = ToClient | RawStreamMessage

/** What OPEN_RAW_PORT leaves on `window.__raw`, for page functions to use. */
export interface RawPortState {
  /** Posts anything: mv3-port's `ToServer` is what the worker reads, the rest it refuses. */
  port: chrome.runtime.Port
  /** The welcome, then every answer in arrival order (events apart). */
  got: Array<{ message: RawFromWorker; at: number }>
  events: Array<{
    message: Extract<ToClient, { k: "event" }>
    at: number
  }>
  closed: boolean
  /** Resolves once `count` messages arrived; rejects if the port closes first. */
  next: (count: number) => Promise<void>
}

/** The raw port state inside a page function (`raw()` there). */
export type RawWindow = Window & { __raw: RawPortState }
