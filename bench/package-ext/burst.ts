// Bursts: n echoes issued without waiting for one another, through
// mv3-port's client (Promise.all of requests) and through a raw port (n
// posts), every answer checked for loss, duplicates and order.
import { connectClient } from "./client"
import { payload, type Echo, type Echoed, type Tally } from "./protocol"
import { openRawPort } from "./raw-port"

export interface BurstArgs {
  run: string
  n: number
  /** Give up once no answer has come for this long. */
  quietMs: number
}

export interface BurstCount {
  sent: number
  /** Distinct issue indices answered. */
  received: number
  lost: number
  /**
   * Answers whose handler ran before that of a message issued earlier: the
   * worker's handling order against the issue order.
   */
  outOfOrder: number
  /** Answers that reached the page after one the handler ran later. */
  repliesOutOfOrder: number
  /** Handler runs beyond the first for an index, plus answers seen twice. */
  duplicates: number
  /** Requests that rejected. */
  errors: number
  /** Indices the worker's handler saw. */
  handled: number
  /** First issue to last answer. */
  totalMs: number
  msgsPerSec: number
}

/** Waits for `done`, or until no answer has come for `quietMs`; true when done. */
async function settled(
  done: Promise<unknown>,
  lastAt: () => number,
  quietMs: number
): Promise<boolean> {
  for (;;) {
    const finished = await Promise.race([
      done.then(() => true),
      new Promise<boolean>((resolve) =>
        setTimeout(() => resolve(false), quietMs)
      )
    ])
    if (finished) return true
    if (performance.now() - lastAt() >= quietMs) return false
  }
}

function inputs(args: BurstArgs): Echo[] {
  return Array.from({ length: args.n }, (_, i) => payload(args.run, i))
}

/** Counts what came back of a burst. */
function count(
  outputs: readonly (Echoed | undefined)[],
  arrival: readonly number[],
  extra: { duplicates: number; errors: number; tally: Tally; ms: number }
): BurstCount {
  let received = 0
  let outOfOrder = 0
  let highest = -1
  for (const output of outputs) {
    if (!output) continue
    received++
    if (output.seq < highest) outOfOrder++
    else highest = output.seq
  }
  let repliesOutOfOrder = 0
  highest = -1
  for (const seq of arrival) {
    if (seq < highest) repliesOutOfOrder++
    else highest = seq
  }
  return {
    sent: outputs.length,
    received,
    lost: outputs.length - received,
    outOfOrder,
    repliesOutOfOrder,
    duplicates: extra.duplicates + extra.tally.duplicates,
    errors: extra.errors,
    handled: extra.tally.handled,
    totalMs: extra.ms,
    msgsPerSec: received / (extra.ms / 1000)
  }
}

/** n `client.request("echo", …)` at once, awaited with Promise.all. */
export async function packageBurst(args: BurstArgs): Promise<BurstCount> {
  const client = connectClient(args.n)
  await client.request("echo", payload(`${args.run}-warm`, 0))
  const sending = inputs(args)
  const outputs: (Echoed | undefined)[] = new Array(args.n).fill(undefined)
  const arrival: number[] = []
  let errors = 0
  let lastAt = 0
  const started = performance.now()
  const all = sending.map((input, i) =>
    client.request("echo", input).then(
      (output) => {
        lastAt = performance.now()
        outputs[i] = output
        arrival.push(output.seq)
      },
      () => void errors++
    )
  )
  await settled(Promise.all(all), () => lastAt || started, args.quietMs)
  const ms = (lastAt || performance.now()) - started
  client.disconnect()
  const port = openRawPort()
  const tally = await port.tally(args.run)
  port.close()
  return count(outputs, arrival, { duplicates: 0, errors, tally, ms })
}

/** n posts on a raw port, back to back. */
export async function rawBurst(args: BurstArgs): Promise<BurstCount> {
  const outputs: (Echoed | undefined)[] = new Array(args.n).fill(undefined)
  const arrival: number[] = []
  let duplicates = 0
  let received = 0
  let lastAt = 0
  let finish = () => {}
  const port = openRawPort((output, id) => {
    lastAt = performance.now()
    if (outputs[id]) duplicates++
    else {
      outputs[id] = output
      received++
    }
    arrival.push(output.seq)
    if (received === args.n) finish()
  })
  await port.echo(-1, payload(`${args.run}-warm`, 0))
  const sending = inputs(args)
  const done = new Promise<void>((resolve) => (finish = resolve))
  const started = performance.now()
  for (let i = 0; i < args.n; i++) port.post(i, sending[i])
  await settled(done, () => lastAt || started, args.quietMs)
  const ms = (lastAt || performance.now()) - started
  const tally = await port.tally(args.run)
  port.close()
  return count(outputs, arrival, { duplicates, errors: 0, tally, ms })
}
