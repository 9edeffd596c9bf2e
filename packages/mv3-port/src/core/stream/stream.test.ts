import { createPortPair, flushPorts, type FakePortEnd } from "../../testing"
import { type ToReceiver, type ToSender } from "./messages"
import { createStreamReceiver, type StreamReceiver } from "./receiver"
import { createStreamSender, type StreamSender } from "./sender"

/** Runs every queued delivery and the keeping it causes, until quiet. */
const settle = () => flushPorts(3000)

/**
 * One stream over the fake port pair: the sender on the view's end, the
 * receiver on the background's, with the receiver's durable store (what a
 * `chrome.storage.session` record would hold) surviving its side's death.
 */
class StreamOverPorts {
  ends!: { client: FakePortEnd; server: FakePortEnd }
  sender!: StreamSender<string>
  receiver!: StreamReceiver<string>
  /** What the receiving side kept, durably: survives `killReceiver`. */
  readonly kept: string[] = []
  finished: number[] = []
  /** Chunks the sender posted, by index, to count repeats. */
  readonly posted: number[] = []
  /** Most chunks ever posted and not yet kept. */
  maxAhead = 0
  errors: string[] = []
  /** Chunk keeps that wait until `release` (to show backpressure). */
  holdKeeps = false
  private held: Array<() => void> = []

  constructor(
    readonly chunks: string[],
    readonly window = 4
  ) {
    this.connect()
    this.sender = this.newSender()
    this.receiver = this.newReceiver(0)
    this.receiver.announce()
  }

  connect(): void {
    this.ends = createPortPair("stream")
    this.ends.server.onMessage.addListener((m) =>
      this.receiver.receive(m as ToReceiver<string>)
    )
    this.ends.client.onMessage.addListener((m) => {
      const message = m as ToSender
      if (message.type === "stream-error") this.errors.push(message.code)
      this.sender.receive(message)
    })
  }

  private static post(end: FakePortEnd, message: unknown): boolean {
    try {
      end.postMessage(message)
      return true
    } catch {
      return false
    }
  }

  newSender(read?: (index: number) => string | null | Promise<string | null>) {
    return createStreamSender<string>({
      id: "s1",
      read: read ?? ((index) => this.chunks[index] ?? null),
      post: (message) => {
        if (message.type === "stream-chunk") {
          this.posted.push(message.index)
          this.maxAhead = Math.max(
            this.maxAhead,
            message.index + 1 - this.kept.length
          )
        }
        return StreamOverPorts.post(this.ends.client, message)
      }
    })
  }

  newReceiver(kept: number) {
    return createStreamReceiver<string>({
      id: "s1",
      window: this.window,
      kept,
      keep: async (index, data) => {
        if (this.holdKeeps) {
          await new Promise<void>((resolve) => this.held.push(resolve))
        }
        // Kept in order, each once: anything else is the bug under test.
        expect(index).toBe(this.kept.length)
        this.kept.push(data)
      },
      finish: (count) => void this.finished.push(count),
      post: (message) => StreamOverPorts.post(this.ends.server, message)
    })
  }

  release(): void {
    for (const resolve of this.held.splice(0)) resolve()
  }

  /** The port drops (a worker stop): every message in flight is lost. */
  drop(): void {
    this.ends.client.closed = true
    this.ends.server.closed = true
    this.sender.dropped()
  }

  /** A new port, and each side says where it stands. */
  reconnect(): void {
    this.connect()
    this.sender.resume()
  }

  /** A new port, the receiver saying where it stands (the sending side restarted). */
  reconnectFromReceiver(): void {
    this.connect()
    this.receiver.announce()
  }

  /** The receiving side's worker dies and starts again from its store. */
  killReceiver(): void {
    this.drop()
    // Keeps still waiting die with the worker: never written.
    this.held = []
    this.receiver = this.newReceiver(this.kept.length)
  }
}

const text = (n: number) => Array.from({ length: n }, (_, i) => `c${i} `)

describe("a stream", () => {
  it("delivers every chunk once, in order, with at most a window in flight", async () => {
    const stream = new StreamOverPorts(text(100), 8)
    await settle()
    expect(stream.kept).toEqual(text(100))
    expect(stream.finished).toEqual([100])
    expect(stream.sender.getState()).toEqual({ phase: "done", count: 100 })
    expect(stream.receiver.getState()).toEqual({ phase: "done", count: 100 })
    expect(stream.maxAhead).toBeLessThanOrEqual(8)
    expect(stream.posted).toEqual([...Array(100).keys()])
  })

  it("stops at the window while the receiver is slow, and goes on as it keeps", async () => {
    const stream = new StreamOverPorts(text(20), 4)
    stream.holdKeeps = true
    await settle()
    expect(stream.posted).toEqual([0, 1, 2, 3])
    expect(stream.sender.getState()).toMatchObject({
      phase: "flowing",
      upTo: 4
    })
    for (let i = 0; i < 40 && stream.finished.length === 0; i++) {
      stream.release()
      await settle()
      expect(stream.maxAhead).toBeLessThanOrEqual(4)
    }
    expect(stream.kept).toEqual(text(20))
  })

  it("paces chunks with the sender's timer (a streamed reply) and ends exactly", async () => {
    jest.useFakeTimers()
    try {
      const stream = new StreamOverPorts([], 4)
      const words = text(6)
      stream.sender = stream.newSender(
        (index) =>
          new Promise((resolve) =>
            setTimeout(() => resolve(words[index] ?? null), 25)
          )
      )
      stream.receiver.announce()
      for (let i = 1; i <= 3; i++) {
        await jest.advanceTimersByTimeAsync(25)
        await settle()
        expect(stream.kept).toEqual(words.slice(0, i))
      }
      await jest.advanceTimersByTimeAsync(200)
      await settle()
      expect(stream.kept.join("")).toBe(words.join(""))
      expect(stream.finished).toEqual([6])
    } finally {
      jest.useRealTimers()
    }
  })

  it.each([
    ["before any chunk", 0],
    ["mid-flow", 7],
    ["after the last chunk, before the end is kept", 12]
  ])(
    "resumes after the receiving worker dies %s: nothing lost, repeated or reordered",
    async (_, keptBeforeDeath) => {
      const stream = new StreamOverPorts(text(12), 4)
      stream.holdKeeps = true
      await settle()
      for (let i = 0; stream.kept.length < keptBeforeDeath && i < 50; i++) {
        stream.release()
        await settle()
      }
      stream.holdKeeps = false
      stream.killReceiver()
      await settle()
      stream.reconnect()
      await settle()
      expect(stream.kept).toEqual(text(12))
      expect(stream.finished).toEqual([12])
      expect(stream.sender.getState()).toEqual({ phase: "done", count: 12 })
    }
  )

  it("answers an end re-sent after a drop that lost its done", async () => {
    const stream = new StreamOverPorts(text(3), 4)
    await settle()
    expect(stream.finished).toEqual([3])
    // The done is lost: the sender is still ending when the port drops.
    const sender = stream.newSender()
    stream.sender = sender
    stream.drop()
    stream.reconnect()
    await settle()
    // A fresh sender asks; the receiver (done) says so; nothing is kept twice.
    expect(stream.kept).toEqual(text(3))
    expect(stream.finished).toEqual([3])
    expect(sender.getState()).toEqual({ phase: "done", count: 3 })
  })

  it("resumes after the sending side drops: the receiver's grant says where", async () => {
    const stream = new StreamOverPorts(text(30), 4)
    stream.holdKeeps = true
    await settle()
    stream.release()
    await settle()
    const before = stream.kept.length
    stream.drop()
    stream.holdKeeps = false
    stream.release()
    await settle()
    // The sending worker starts again: a new sender, which can read any
    // chunk again, hears from the receiver where to go on.
    stream.sender = stream.newSender()
    stream.reconnectFromReceiver()
    await settle()
    expect(before).toBeGreaterThan(0)
    expect(stream.kept).toEqual(text(30))
    expect(stream.finished).toEqual([30])
  })
})

describe("a stream's bad input", () => {
  /** A receiver alone, with the messages it posts. */
  function receiver(window = 4) {
    const posted: ToSender[] = []
    const kept: string[] = []
    const r = createStreamReceiver<string>({
      id: "r",
      window,
      keep: (_, data) => void kept.push(data),
      finish: () => {},
      post: (m) => (posted.push(m), true)
    })
    const chunk = (index: number) =>
      r.receive({ type: "stream-chunk", id: "r", index, data: `d${index}` })
    return { r, posted, kept, chunk }
  }
  const errors = (posted: ToSender[]) =>
    posted.flatMap((m) =>
      m.type === "stream-error" ? [`${m.code}@${m.index}`] : []
    )

  it("refuses duplicate, out-of-order and over-the-window chunks, and goes on", async () => {
    const { r, posted, kept, chunk } = receiver(4)
    chunk(0)
    chunk(0)
    chunk(2)
    chunk(1)
    await r.settled()
    chunk(2)
    chunk(3)
    // Kept 4 of a window of 4: half kept, so the grant moved to 8 by now.
    await r.settled()
    expect(r.getState()).toMatchObject({ arrived: 4, kept: 4 })
    for (let i = 4; i < 8; i++) chunk(i)
    chunk(8)
    await r.settled()
    expect(errors(posted)).toEqual([
      "chunk-duplicate@0",
      "chunk-out-of-order@2",
      "window-overrun@8"
    ])
    expect(kept).toEqual(["d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7"])
  })

  it("refuses an end with the wrong count and anything after done or cancel", async () => {
    const { r, posted, chunk } = receiver()
    chunk(0)
    r.receive({ type: "stream-end", id: "r", count: 2 })
    r.receive({ type: "stream-end", id: "r", count: 1 })
    await r.settled()
    expect(r.getState()).toEqual({ phase: "done", count: 1 })
    chunk(1)
    r.receive({ type: "stream-end", id: "r", count: 5 })
    expect(errors(posted)).toEqual([
      "bad-count@undefined",
      "stream-closed@1",
      "stream-closed@undefined"
    ])
  })
})

describe("cancelling a stream", () => {
  it.each(["sender", "receiver"] as const)(
    "from the %s stops the other side's work, and nothing more is sent or kept",
    async (by) => {
      const stream = new StreamOverPorts(text(50), 4)
      stream.holdKeeps = true
      await settle()
      const [canceller, other] =
        by === "sender"
          ? [stream.sender, stream.receiver]
          : [stream.receiver, stream.sender]
      canceller.cancel("user-stopped")
      await settle()
      const cancelled = { phase: "cancelled", code: "user-stopped", by }
      expect(canceller.getState()).toEqual(cancelled)
      // Stopped by the receiver, the sender hears how much was kept (none:
      // every keep was still held).
      expect(other.getState()).toEqual(
        by === "receiver" ? { ...cancelled, kept: 0 } : cancelled
      )
      expect(other.signal.aborted).toBe(true)
      const posted = stream.posted.length
      stream.release()
      await settle()
      expect(stream.posted.length).toBe(posted)
      expect(stream.kept.length).toBeLessThanOrEqual(posted)
      expect(stream.finished).toEqual([])
    }
  )

  it("from the receiver tells the sender how many chunks it kept (a stopped reply keeps what arrived)", async () => {
    const stream = new StreamOverPorts(text(50), 4)
    stream.holdKeeps = true
    await settle()
    for (let i = 0; i < 3; i++) {
      stream.release()
      await settle()
    }
    const kept = stream.kept.length
    expect(kept).toBeGreaterThan(0)
    stream.receiver.cancel("stopped")
    await settle()
    expect(stream.sender.getState()).toEqual({
      phase: "cancelled",
      code: "stopped",
      by: "receiver",
      kept
    })
  })

  it("when a chunk cannot be read, the sender cancels and the receiver hears why", async () => {
    const stream = new StreamOverPorts([], 4)
    stream.sender = stream.newSender((index) => {
      if (index === 2) throw new Error("the file is gone")
      return `c${index}`
    })
    stream.receiver.announce()
    await settle()
    // Chunks before the failure may or may not be kept by the time the cancel
    // lands (it stops the keeping too); none after it ever is.
    expect(["c0", "c1"].slice(0, stream.kept.length)).toEqual(stream.kept)
    expect(stream.posted).toEqual([0, 1])
    expect(stream.receiver.getState()).toEqual({
      phase: "cancelled",
      code: "read-failed",
      by: "sender"
    })
  })
})
