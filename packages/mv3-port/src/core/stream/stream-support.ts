/**
 * What the stream tests share: one stream over the fake port pair, whose
 * receiving side keeps chunks in a store that survives its worker's death.
 * No jest globals here: the package's typecheck sees this file.
 */
import { createPortPair, flushPorts, type FakePortEnd } from "../../testing"
import { type ToReceiver, type ToSender } from "./messages"
import { createStreamReceiver, type StreamReceiver } from "./receiver"
import { createStreamSender, type StreamSender } from "./sender"

/** Runs every queued delivery and the keeping it causes, until quiet. */
export const settle = () => flushPorts(3000)

/**
 * One stream over the fake port pair: the sender on the view's end, the
 * receiver on the background's, with the receiver's durable store (what a
 * `chrome.storage.session` record would hold) surviving its side's death.
 */
export class StreamOverPorts {
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
        // Kept in order, each once: anything else is the bug under test,
        // and fails the keep (the stream cancels, the test's checks fail).
        if (index !== this.kept.length)
          throw new Error(`kept ${index} out of order`)
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

/** `n` chunks of text, `c0 ` onwards. */
export const text = (n: number) => Array.from({ length: n }, (_, i) => `c${i} `)
