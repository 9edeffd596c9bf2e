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
  /** The same after each large payload (a big string, a big field). */
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
  port.onMessage.addListener((message: { type: string; id?: string }) => {
    if (message.type === "welcome") return welcomed()
    if (message.type === "error") errors++
    if (message.type !== "reply" || !message.id) return
    replies++
    waiting.get(message.id)?.(performance.now())
  })
  await new Promise<void>((resolve) => {
    welcomed = resolve
    port.postMessage({
      name: args.portName,
      body: { type: "hello", clientId: crypto.randomUUID(), kind: "popup" }
    })
  })
  const envelope = (body: unknown) => ({ name: args.portName, body })
  const sparse: unknown[] = []
  sparse[5] = 1
  let deep: unknown = "x"
  for (let i = 0; i < 200; i++) deep = { d: deep }
  const small: unknown[] = [
    "a bare string",
    42,
    null,
    [],
    {},
    { name: args.portName },
    envelope({ type: "nope" }),
    envelope({ type: "send" }),
    envelope({ type: "send", id: 7, text: "x" }),
    envelope({ type: "send", id: "s", text: 5 }),
    envelope({ type: "ping", extra: 1 }),
    envelope(sparse),
    envelope(deep),
    envelope({ type: "send", id: "long", text: "x".repeat(5000) })
  ]
  const big = "x".repeat(args.bigChars)
  const large: unknown[] = [big, envelope({ type: "ping", pad: big })]

  let n = 0
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
      port.postMessage(envelope({ type: "send", id, text: "after" }))
    })

  const smallTimes: number[] = []
  for (let round = 0; round < args.rounds; round++) {
    for (const bad of small) smallTimes.push(await pair(bad))
  }
  const bigTimes: number[] = []
  for (const bad of large) bigTimes.push(await pair(bad))
  port.disconnect()
  return { small: smallTimes, big: bigTimes, errors, replies }
}
