// Runs inside our popup page (sent as source text by inPage): everything
// it needs comes in through `args`, nothing from this module's scope.

export interface BadInputArgs {
  portName: string
  idPrefix: string
  /** Times the list of small malformed messages is posted. */
  rounds: number
  /** Size of the large payloads, in characters. */
  bigChars: number
}

export interface BadInputPage {
  /** Per small malformed message: ms from posting it to the next valid message's reply. */
  small: number[]
  /** The same after each large payload (a big string, a big input field). */
  big: number[]
  /** Malformed messages answered with an error (each one should be). */
  errors: number
  /** Valid messages answered with a reply (each one should be). */
  replies: number
}

/**
 * Posts malformed messages on a raw port, each followed by a valid send,
 * and times how soon the valid one is answered: what a bad message costs
 * the next good one.
 */
export async function badInput(args: BadInputArgs): Promise<BadInputPage> {
  const port = chrome.runtime.connect({ name: args.portName })
  const waiting = new Map<string, (at: number) => void>()
  let errors = 0
  let replies = 0
  let welcomed: () => void = () => {}
  // mv3-port's wire; events (presence…) are neither answer.
  port.onMessage.addListener((message: { k: string; id?: string | null }) => {
    if (message.k === "welcome") return welcomed()
    if (message.k === "err") errors++
    if (message.k !== "res" || !message.id) return
    replies++
    waiting.get(message.id)?.(performance.now())
  })
  await new Promise<void>((resolve) => {
    welcomed = resolve
    port.postMessage({
      k: "hello",
      data: { clientId: crypto.randomUUID(), kind: "popup" }
    })
  })
  let n = 0
  /** A `send` request; each has a request id of its own, so none is answered from the store. */
  const send = (input: unknown, id = `${args.idPrefix}-${n++}`) => ({
    k: "req",
    id,
    name: "send",
    input
  })
  const sparse: unknown[] = []
  sparse[5] = 1
  let deep: unknown = "x"
  for (let i = 0; i < 200; i++) deep = { d: deep }
  // Each answered with an `err`: bad-request, unknown-request, bad-input or
  // an app code (a ping's extra fields are never read: it would get a pong).
  const small: Array<() => unknown> = [
    () => "a bare string",
    () => 42,
    () => null,
    () => [],
    () => ({}),
    () => ({ name: args.portName }),
    () => ({ k: "nope" }),
    () => ({ ...send({}), name: "nope" }),
    () => ({ k: "req", name: "send", input: {} }),
    () => send(undefined),
    () => send({ id: 7, text: "x" }),
    () => send({ id: "s", text: 5 }),
    () => send({ id: "s", text: "x", extra: 1 }),
    () => send(sparse),
    () => send(deep),
    () => send({ id: "long", text: "x".repeat(5000) })
  ]
  const big = "x".repeat(args.bigChars)
  const large: Array<() => unknown> = [
    () => big,
    () => send({ id: "pad", text: "x", pad: big })
  ]

  /** Posts `bad`, then a valid send; resolves with ms until the send's reply. */
  const pair = (bad: unknown) =>
    new Promise<number>((resolve, reject) => {
      const id = `${args.idPrefix}-${n++}`
      const posted = performance.now()
      // A worker that never answers makes the run unmeasurable, not slow.
      const timer = setTimeout(
        () => reject(new Error(`bad input: no reply to ${id} in 30 s`)),
        30_000
      )
      waiting.set(id, (at) => {
        clearTimeout(timer)
        waiting.delete(id)
        resolve(at - posted)
      })
      port.postMessage(bad)
      port.postMessage(send({ id, text: "after" }, id))
    })

  const smallTimes: number[] = []
  for (let round = 0; round < args.rounds; round++) {
    for (const bad of small) smallTimes.push(await pair(bad()))
  }
  const bigTimes: number[] = []
  for (const bad of large) bigTimes.push(await pair(bad()))
  port.disconnect()
  return { small: smallTimes, big: bigTimes, errors, replies }
}
