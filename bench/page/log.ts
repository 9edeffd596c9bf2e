// Functions that run inside a popup page (sent as source by inPage) for the
// shared conversation log (#log).

/**
 * Entries the page's #log holds: its `data-count` (our timeline, which
 * renders only its newest rows), else its <li>s or child elements (the
 * baseline's plain list).
 */
export function logCount(): number {
  const log = document.getElementById("log")
  if (!log) return -1
  if (log.dataset.count !== undefined) return Number(log.dataset.count)
  return log.querySelectorAll("li").length || log.children.length
}

export interface FillArgs {
  portName: string
  n: number
  idPrefix: string
}

/**
 * Clears the shared log, then records n messages through a raw port, in
 * mv3-port's wire: `clearLog` and `send` requests, each answered `res`.
 */
export async function fillLog(args: FillArgs): Promise<number> {
  const port = chrome.runtime.connect({ name: args.portName })
  let replies = 0
  let onAnswer: (key: string) => void = () => {}
  // Events (presence, other views') are no answer.
  port.onMessage.addListener((message: { k: string; id?: string }) => {
    if (message.k === "res") replies++
    if (message.k === "welcome") onAnswer("welcome")
    else if (message.k === "res" || message.k === "err") onAnswer(message.id!)
  })
  const answer = (key: string, message: object) =>
    new Promise<void>((resolve) => {
      onAnswer = (got) => got === key && resolve()
      port.postMessage(message)
    })
  await answer("welcome", {
    k: "hello",
    data: { clientId: crypto.randomUUID(), kind: "popup" }
  })
  const clear = `${args.idPrefix}-clear`
  await answer(clear, { k: "req", id: clear, name: "clearLog", input: {} })
  replies = 0
  const all = new Promise<void>((resolve) => {
    onAnswer = () => replies === args.n && resolve()
  })
  for (let i = 0; i < args.n; i++) {
    const id = `${args.idPrefix}-${i}`
    const input = { id, text: `log entry ${i}` }
    port.postMessage({ k: "req", id, name: "send", input })
  }
  await all
  port.disconnect()
  return replies
}

type LogWindow = typeof globalThis & {
  __benchLog?: { text: string; at: number; done: Promise<number> }
}

/** Arms a stamp for the moment an entry containing `text` shows in #log. */
export function armLogEntry(text: string): boolean {
  const log = document.getElementById("log")!
  const w = globalThis as LogWindow
  const probe = { text, at: 0, done: Promise.resolve(0) }
  probe.done = new Promise<number>((resolve) => {
    const observer = new MutationObserver(() => {
      const ends = [log.firstElementChild, log.lastElementChild]
      const items = log.querySelectorAll("li")
      if (items.length) ends.push(items[0], items[items.length - 1])
      if (ends.some((el) => el?.textContent?.includes(text))) {
        probe.at = performance.now()
        observer.disconnect()
        resolve(probe.at)
      }
    })
    observer.observe(log, {
      childList: true,
      characterData: true,
      subtree: true
    })
  })
  w.__benchLog = probe
  return true
}

/** The armed entry's stamp, or null if it did not show within `timeoutMs`. */
export async function awaitLogEntry(timeoutMs: number): Promise<number | null> {
  const probe = (globalThis as LogWindow).__benchLog!
  return Promise.race([
    probe.done,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs))
  ])
}

/** The page's time origin (ms since epoch), to compare stamps across pages. */
export function timeOrigin(): number {
  return performance.timeOrigin
}
