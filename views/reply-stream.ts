import {
  createStreamReceiver,
  type StreamReceiver,
  type ToReceiver
} from "mv3-port/core"

import type { ClientMessage, ServerMessage } from "~protocol"

/** Chunks the background may have in flight beyond those this view kept. */
const WINDOW = 16

/** This view's streamed reply while it runs: the reply so far. */
export interface StreamingReply {
  id: string
  text: string
}

/**
 * Where this view's side of a stream stands, for the `send` that (re)starts
 * it: the `stream` field of the protocol table's `send`.
 */
export type StreamPosition = NonNullable<
  Extract<ClientMessage, { type: "send" }>["stream"]
>

/** The background's messages about this view's stream: what the receiving side takes. */
type ToStream = Extract<ServerMessage, { type: ToReceiver<string>["type"] }>

/**
 * This view's one streamed reply: the receiving side of the session's
 * stream, keeping each chunk in memory (the view outlives the worker, so
 * its position is what a re-sent `send` carries), and saying as the text
 * grows. Its send's reply settles it.
 */
export function createReplyStream(options: {
  post: (message: ClientMessage) => boolean
  /** The reply so far grew by a chunk. */
  onText: (reply: StreamingReply) => void
}) {
  let current: {
    id: string
    receiver: StreamReceiver<string>
    /** The reply so far, and how many chunks it is made of. */
    kept: { text: string; chunks: number }
  } | null = null

  return {
    /** Starts receiving the streamed reply to message `id`. */
    start(id: string): void {
      const kept = { text: "", chunks: 0 }
      const receiver = createStreamReceiver<string>({
        id,
        window: WINDOW,
        keep: (_, data) => {
          kept.text += data
          kept.chunks++
          options.onText({ id, text: kept.text })
        },
        finish: () => {},
        post: (message) => options.post(message as ClientMessage)
      })
      current = { id, receiver, kept }
    },
    /** The running stream, if any (a stopped one is not running: its reply is on its way). */
    get(): StreamingReply | null {
      if (!current || current.receiver.getState().phase === "cancelled") {
        return null
      }
      return { id: current.id, text: current.kept.text }
    },
    /** Where the stream of message `id` stands (null: no stream for it). */
    position(id: string): StreamPosition | null {
      if (current?.id !== id) return null
      const state = current.receiver.getState()
      switch (state.phase) {
        case "open":
          return { next: state.arrived, upTo: state.upTo }
        case "finishing":
        case "done":
          return { next: state.count, upTo: state.count }
        case "cancelled":
          return {
            next: current.kept.chunks,
            upTo: current.kept.chunks,
            stopped: true
          }
      }
    },
    /** Takes a stream message from the background; false when it is not about this stream. */
    receive(message: ToStream): boolean {
      if (current?.id !== message.id) return false
      current.receiver.receive(message)
      return true
    },
    /** The user's Stop: the background records what arrived. */
    stop(): void {
      current?.receiver.cancel("stopped")
    },
    /** Message `id` got its reply (or failed): its stream is over. */
    settle(id: string): void {
      if (current?.id === id) current = null
    }
  }
}
