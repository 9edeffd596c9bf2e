// Functions that run inside an extension page (sent as source by inPage):
// each opens its own raw `chrome.runtime` port and posts mv3-port's wire as
// our views' client does (`{k:"hello"}`, then `{k:"req", name:"send"}`
// requests answered `{k:"res"}`), so the same code measures the baseline's
// worker (which answers that wire bare) and ours.
import type { ToClient } from "mv3-port"

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
  // Events (presence, other views' entries) are neither welcome nor answer.
  port.onMessage.addListener((message: ToClient) => {
    const key = message.k === "res" ? message.id : message.k
    const resolve = waiting.get(key)
    if (resolve) {
      waiting.delete(key)
      resolve(performance.now())
    }
  })
  const reply = (key: string, message: object) =>
    new Promise<number>((resolve) => {
      waiting.set(key, resolve)
      port.postMessage(message)
    })
  await reply("welcome", {
    k: "hello",
    data: { clientId: crypto.randomUUID(), kind: "popup" }
  })
  const samples: number[] = []
  for (let i = 0; i < args.warmup + args.n; i++) {
    const id = `${args.idPrefix}-${i}`
    const started = performance.now()
    const input = { id, text: `message ${i}` }
    const at = await reply(id, { k: "req", id, name: "send", input })
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
  port.onMessage.addListener((message: ToClient) => {
    if (message.k === "welcome") return welcomed()
    if (message.k === "err") errors++
    if (message.k !== "res") return
    if (message.id === closingId) return closed()
    const i = index.get(message.id)
    if (i === undefined) return
    lastAt = performance.now()
    if (seen[i]) duplicates++
    else {
      seen[i] = 1
      received++
    }
    if (i < highest) outOfOrder++
    else highest = i
  })
  const send = (id: string, text: string) =>
    port.postMessage({ k: "req", id, name: "send", input: { id, text } })
  await new Promise<void>((resolve) => {
    welcomed = resolve
    port.postMessage({
      k: "hello",
      data: { clientId: crypto.randomUUID(), kind: "popup" }
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
  for (let i = 0; i < args.n; i++) send(ids[i], `burst ${i}`)
  const posted = performance.now()
  send(closingId, "closing")
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
    port.onMessage.addListener((message: ToClient) => {
      if (message.k === "welcome") welcomeAt = performance.now()
      if (message.k === "res") resolve(performance.now())
    })
  })
  port.postMessage({
    k: "hello",
    data: { clientId: crypto.randomUUID(), kind: "popup" }
  })
  // Posted before the welcome: a worker reads a port's messages in order,
  // and this one comes after the hello.
  const id = `${args.idPrefix}-cold`
  port.postMessage({
    k: "req",
    id,
    name: "send",
    input: { id, text: "wake up" }
  })
  const replyAt = await replied
  port.disconnect()
  return { welcomeMs: welcomeAt - started, replyMs: replyAt - started }
}

/** What `controllerScript` defines in the page: the views' client, from the package. */
export interface BenchModules {
  createStreamClient: typeof import("mv3-port/streams").createStreamClient
  conversation: typeof import("../../protocol/conversation").conversation
}

export interface ControllerArgs {
  portName: string
  n: number
  warmup: number
}

/**
 * Sequential round trips through the client our views use (mv3-port's
 * `createStreamClient` of the conversation protocol, on `chrome.runtime`
 * as the views wire it): from `request("send")` to its resolved Reply,
 * checked by the protocol. The app's model over it (its snapshot of own
 * messages) is not included; the ui phase times the whole view. Needs
 * `controllerScript` evaluated in the page first.
 */
export async function controllerRoundTrips(
  args: ControllerArgs
): Promise<number[]> {
  const { createStreamClient, conversation } = (
    globalThis as unknown as { __benchModules: BenchModules }
  ).__benchModules
  const client = createStreamClient(conversation, {
    connect: () => chrome.runtime.connect({ name: args.portName }),
    hello: { clientId: crypto.randomUUID(), kind: "popup" }
  })
  await new Promise<void>((resolve) => {
    const check = () => client.status === "connected" && resolve()
    client.subscribe(check)
    check()
  })
  const samples: number[] = []
  for (let i = 0; i < args.warmup + args.n; i++) {
    const started = performance.now()
    const id = crypto.randomUUID()
    await client.request("send", { id, text: `message ${i}` })
    if (i >= args.warmup) samples.push(performance.now() - started)
  }
  client.disconnect()
  return samples
}
