// Functions that run inside a page (sent as source by inPage) for the
// stream measurements: each is self-contained, with its arguments passed in.

/** A stream message the popup's ports received, in the page's clock. */
export interface PortEvent {
  at: number
  /** Which port of the page (0 = the first it opened). */
  port: number
  type: string
  /** A grant's `next`: the chunks the background holds. */
  next?: number
}

type StreamWindow = typeof globalThis & {
  __benchPorts?: PortEvent[]
  __benchStop?: boolean
}

/**
 * Records (once) the type and arrival time of every message on every port
 * the page opens from now on, so the driver can tell when a new worker's
 * first grant came. Install before the page connects.
 */
export function recordPortEvents(): boolean {
  const w = globalThis as StreamWindow
  if (w.__benchPorts) return true
  const events: PortEvent[] = (w.__benchPorts = [])
  let ports = 0
  const connect = chrome.runtime.connect.bind(chrome.runtime)
  chrome.runtime.connect = ((...args: Parameters<typeof connect>) => {
    const port = connect(...args)
    const n = ports++
    // mv3-port's wire: a stream's messages come as `{k:"st", m}`.
    port.onMessage.addListener(
      (message: { k?: string; m?: { type?: string; next?: number } }) => {
        if (message?.k !== "st" || !message.m) return
        const { type = "", next } = message.m
        events.push({ at: performance.now(), port: n, type, next })
      }
    )
    return port
  }) as typeof chrome.runtime.connect
  return true
}

/** The events recorded so far. */
export function portEvents(): PortEvent[] {
  return (globalThis as StreamWindow).__benchPorts ?? []
}

/** The page's clock now. */
export function pageNow(): number {
  return performance.now()
}

/**
 * Clicks Send file (the file is already chosen) and resolves once
 * #response reads `expected`: click → reply shown, in ms, or null on timeout.
 */
export function uploadThroughUi(arg: {
  expected: string
  timeoutMs: number
}): Promise<{ ms: number | null; startedAt: number }> {
  const response = document.getElementById("response")!
  const button = document.getElementById("sendFileBtn") as HTMLButtonElement
  return new Promise((resolve) => {
    const startedAt = performance.now()
    const timer = setTimeout(() => {
      observer.disconnect()
      resolve({ ms: null, startedAt })
    }, arg.timeoutMs)
    const observer = new MutationObserver(() => {
      if (response.textContent !== arg.expected) return
      observer.disconnect()
      clearTimeout(timer)
      resolve({ ms: performance.now() - startedAt, startedAt })
    })
    observer.observe(response, {
      childList: true,
      characterData: true,
      subtree: true
    })
    button.click()
  })
}

/**
 * The best raw transfer between a page and a worker: `bytes` in `chunk`-byte
 * ArrayBuffers posted back to back on a bare port (no flow control) to a
 * worker that counts them and answers once it has them all; resolves with
 * the ms from the first post to that answer.
 */
export function rawUpload(arg: {
  bytes: number
  chunk: number
}): Promise<number> {
  const port = chrome.runtime.connect({ name: "raw-upload" })
  const count = Math.ceil(arg.bytes / arg.chunk)
  return new Promise((resolve) => {
    const startedAt = performance.now()
    port.onMessage.addListener(() => {
      port.disconnect()
      resolve(performance.now() - startedAt)
    })
    port.postMessage({ type: "start", bytes: arg.bytes })
    for (let index = 0; index < count; index++) {
      const size = Math.min(arg.chunk, arg.bytes - index * arg.chunk)
      port.postMessage({ type: "chunk", index, data: new ArrayBuffer(size) })
    }
  })
}

/**
 * Another view's port round trips while the popup uploads: hello, then
 * pings back to back until `stopPing` is called; resolves with each ping's
 * round trip (ms).
 */
export function pingUntilStopped(arg: {
  portName: string
  clientId: string
}): Promise<number[]> {
  const w = globalThis as StreamWindow
  w.__benchStop = false
  const port = chrome.runtime.connect({ name: arg.portName })
  const samples: number[] = []
  return new Promise((resolve) => {
    let sentAt = 0
    const ping = () => {
      if (w.__benchStop) {
        port.disconnect()
        return resolve(samples)
      }
      sentAt = performance.now()
      port.postMessage({ k: "ping" })
    }
    // mv3-port's wire; events (presence, the popup's entry) are skipped.
    port.onMessage.addListener((message: { k?: string }) => {
      if (message.k === "welcome") return ping()
      if (message.k !== "pong") return
      samples.push(performance.now() - sentAt)
      ping()
    })
    port.postMessage({
      k: "hello",
      data: { clientId: arg.clientId, kind: "sidepanel" }
    })
  })
}

/** Ends `pingUntilStopped` after its current ping. */
export function stopPing(): boolean {
  ;(globalThis as StreamWindow).__benchStop = true
  return true
}

/** Click → the first `Reply: ` text in #response, and → the first one with the full prefix (ms). */
export interface FirstReply {
  anyMs: number
  prefixMs: number
}

type ReplyWindow = typeof globalThis & {
  __benchReply?: Promise<FirstReply | null>
}

/**
 * Arms a timing of the next click on #sendBtn (a capture-phase listener,
 * before the page's handlers) → the first text in #response starting with
 * `Reply: ` (a streamed reply's first chunk) and with `Reply: Background
 * received: ` (a whole reply at once); it settles once #response reads
 * `full`, or with null on timeout.
 */
export function armFirstReply(arg: {
  full: string
  timeoutMs: number
}): boolean {
  const response = document.getElementById("response")!
  const before = response.textContent
  ;(globalThis as ReplyWindow).__benchReply = new Promise((resolve) => {
    let clickAt = NaN
    let anyMs = NaN
    let prefixMs = NaN
    const onClick = (event: Event) => {
      const target = event.target as Element | null
      if (target?.closest?.("#sendBtn")) clickAt = performance.now()
    }
    window.addEventListener("click", onClick, true)
    const finish = (value: FirstReply | null) => {
      observer.disconnect()
      clearTimeout(timer)
      window.removeEventListener("click", onClick, true)
      resolve(value)
    }
    const timer = setTimeout(() => finish(null), arg.timeoutMs)
    const observer = new MutationObserver(() => {
      const text = response.textContent ?? ""
      if (text === before) return
      const at = performance.now() - clickAt
      if (Number.isNaN(anyMs) && text.startsWith("Reply: ")) anyMs = at
      if (
        Number.isNaN(prefixMs) &&
        text.startsWith("Reply: Background received: ")
      ) {
        prefixMs = at
      }
      if (text === arg.full) finish({ anyMs, prefixMs })
    })
    observer.observe(response, {
      childList: true,
      characterData: true,
      subtree: true
    })
  })
  return true
}

/** The armed timing's result, once the reply is whole. */
export function firstReply(): Promise<FirstReply | null> {
  return (globalThis as ReplyWindow).__benchReply ?? Promise.resolve(null)
}
