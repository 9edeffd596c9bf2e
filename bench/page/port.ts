// Functions that run inside an extension page (sent as source by inPage):
// each opens its own raw `chrome.runtime` port with the envelopes our views
// send, so the same code measures the baseline's worker and ours.

export interface RoundTripArgs {
  portName: string
  /** Timed round trips. */
  n: number
  /** Untimed round trips first (JIT, caches, a sleepy worker). */
  warmup: number
  idPrefix: string
}

/** Sequential send → reply round trips on a fresh port; returns ms per message. */
export async function portRoundTrips(args: RoundTripArgs): Promise<number[]> {
  const port = chrome.runtime.connect({ name: args.portName })
  const waiting = new Map<string, (at: number) => void>()
  port.onMessage.addListener((message: { type: string; id?: string }) => {
    const key = message.type === "reply" ? message.id! : message.type
    const resolve = waiting.get(key)
    if (resolve) {
      waiting.delete(key)
      resolve(performance.now())
    }
  })
  const reply = (key: string, body: object) =>
    new Promise<number>((resolve) => {
      waiting.set(key, resolve)
      port.postMessage({ name: args.portName, body })
    })
  await reply("welcome", {
    type: "hello",
    clientId: crypto.randomUUID(),
    kind: "popup"
  })
  const samples: number[] = []
  for (let i = 0; i < args.warmup + args.n; i++) {
    const id = `${args.idPrefix}-${i}`
    const started = performance.now()
    const at = await reply(id, { type: "send", id, text: `message ${i}` })
    if (i >= args.warmup) samples.push(at - started)
  }
  port.disconnect()
  return samples
}

export interface BurstArgs {
  portName: string
  n: number
  idPrefix: string
  /**
   * Give up (throw: the run could not be measured) when the closing
   * message's reply has not come this long after the last post.
   */
  quietMs: number
}

export interface BurstResult {
  sent: number
  received: number
  lost: number
  /** Replies that arrived after the reply to a later message. */
  outOfOrder: number
  duplicates: number
  errors: number
  /** Posting all n messages (the page is busy for this long). */
  postMs: number
  /** First post to last reply. */
  totalMs: number
  msgsPerSec: number
}

/** Posts n sends back to back on a fresh port and checks every reply. */
export async function burst(args: BurstArgs): Promise<BurstResult> {
  const port = chrome.runtime.connect({ name: args.portName })
  const index = new Map<string, number>()
  const seen = new Uint8Array(args.n)
  let received = 0
  let outOfOrder = 0
  let duplicates = 0
  let errors = 0
  let highest = -1
  let lastAt = 0
  let welcomed: () => void = () => {}
  let closed: () => void = () => {}
  // A message posted after the burst: the worker answers a port's messages
  // in the order they arrive, so once its reply is here every reply of the
  // burst that will ever come has come, and what is missing is lost, not
  // late (a loaded machine can pause the worker for seconds).
  const closingId = `${args.idPrefix}-closing`
  port.onMessage.addListener(
    (message: { type: string; id?: string; seq?: number }) => {
      if (message.type === "welcome") return welcomed()
      if (message.type === "error") errors++
      if (message.type !== "reply") return
      if (message.id === closingId) return closed()
      const i = index.get(message.id!)
      if (i === undefined) return
      lastAt = performance.now()
      if (seen[i]) duplicates++
      else {
        seen[i] = 1
        received++
      }
      if (i < highest) outOfOrder++
      else highest = i
    }
  )
  await new Promise<void>((resolve) => {
    welcomed = resolve
    port.postMessage({
      name: args.portName,
      body: { type: "hello", clientId: crypto.randomUUID(), kind: "popup" }
    })
  })
  const ids: string[] = []
  for (let i = 0; i < args.n; i++) {
    const id = `${args.idPrefix}-${i}`
    ids.push(id)
    index.set(id, i)
  }
  const done = new Promise<void>((resolve) => (closed = resolve))
  const started = performance.now()
  for (let i = 0; i < args.n; i++) {
    port.postMessage({
      name: args.portName,
      body: { type: "send", id: ids[i], text: `burst ${i}` }
    })
  }
  const posted = performance.now()
  port.postMessage({
    name: args.portName,
    body: { type: "send", id: closingId, text: "closing" }
  })
  // Replies keep coming while the worker works through the burst: wait as
  // long as they do, and give up only after quietMs with none.
  for (;;) {
    const settled = await Promise.race([
      done.then(() => true),
      new Promise<boolean>((resolve) =>
        setTimeout(() => resolve(false), args.quietMs)
      )
    ])
    if (settled) break
    if (performance.now() - Math.max(lastAt, posted) >= args.quietMs) {
      port.disconnect()
      throw new Error(
        `burst: no reply for ${args.quietMs} ms, ${received} of ${args.n} in`
      )
    }
  }
  port.disconnect()
  const totalMs = (received === args.n ? lastAt : lastAt || posted) - started
  return {
    sent: args.n,
    received,
    lost: args.n - received,
    outOfOrder,
    duplicates,
    errors,
    postMs: posted - started,
    totalMs,
    msgsPerSec: received / (totalMs / 1000)
  }
}

export interface ColdArgs {
  portName: string
  idPrefix: string
}

export interface ColdResult {
  /** connect() to welcome: includes starting the stopped worker. */
  welcomeMs: number
  /** connect() to the reply of the first message. */
  replyMs: number
}

/** Connects to a (stopped) worker and sends one message: the cost of waking it. */
export async function coldRoundTrip(args: ColdArgs): Promise<ColdResult> {
  const started = performance.now()
  const port = chrome.runtime.connect({ name: args.portName })
  let welcomeAt = 0
  const replied = new Promise<number>((resolve) => {
    port.onMessage.addListener((message: { type: string }) => {
      if (message.type === "welcome") welcomeAt = performance.now()
      if (message.type === "reply") resolve(performance.now())
    })
  })
  port.postMessage({
    name: args.portName,
    body: { type: "hello", clientId: crypto.randomUUID(), kind: "popup" }
  })
  const id = `${args.idPrefix}-cold`
  port.postMessage({
    name: args.portName,
    body: { type: "send", id, text: "wake up" }
  })
  const replyAt = await replied
  port.disconnect()
  return { welcomeMs: welcomeAt - started, replyMs: replyAt - started }
}

/** What `controllerScript` defines in the page. */
export interface BenchModules {
  client: typeof import("../../views/chrome-client")
}

type Snapshot = import("../../views/conversation-types").ConversationSnapshot
type ClientPort = import("mv3-port/core").ClientPort<
  import("../../views/conversation-protocol").Wire
>

export interface ControllerArgs {
  portName: string
  n: number
  warmup: number
}

/**
 * Sequential round trips through the conversation client wired to
 * `chrome.runtime` as the hook wires it: from `send()` to the change
 * notification in which the message shows as replied. Every notification
 * reads the snapshot, as React's useSyncExternalStore does, but nothing is
 * rendered. Needs `controllerScript` evaluated in the page first.
 */
export async function controllerRoundTrips(
  args: ControllerArgs
): Promise<number[]> {
  const modules = (globalThis as unknown as { __benchModules: BenchModules })
    .__benchModules
  const controller = modules.client.createChromeClient("popup", {
    openPort: () =>
      chrome.runtime.connect({ name: args.portName }) as unknown as ClientPort,
    closePort: (port) => port.disconnect()
  })
  let check: (snapshot: Snapshot) => void = () => {}
  controller.subscribe(() => check(controller.getSnapshot()))
  const until = (ready: (snapshot: Snapshot) => boolean) =>
    new Promise<number>((resolve) => {
      check = (snapshot) => {
        if (ready(snapshot)) {
          check = () => {}
          resolve(performance.now())
        }
      }
    })
  const connected = until((s) => s.status === "connected")
  controller.connect()
  await connected
  const samples: number[] = []
  for (let i = 0; i < args.warmup + args.n; i++) {
    const started = performance.now()
    let id = ""
    const replied = until((s) => {
      const last = s.messages[s.messages.length - 1]
      return last?.id === id && last.state === "replied"
    })
    const sent = controller.send(`message ${i}`)
    if (!sent.ok) throw new Error(sent.refusal.code)
    id = sent.id
    const at = await replied
    if (i >= args.warmup) samples.push(at - started)
  }
  controller.disconnect()
  return samples
}
