import { PortError } from "mv3-port/server"

import { replyText } from "~protocol"

import { checkedText, type Tell } from "./conversation"
import { replyChunks } from "./reply-chunks"
import type { View } from "./views"

/** What the streamed replies are built on. */
interface ReplyStreamDeps {
  /**
   * Pause between chunks (ms): the pace at which the user watches the reply
   * grow. Asked before every pause, so a pace changed in the options applies
   * to a stream already running.
   */
  chunkMs: () => number
  /** Longest message text accepted, after trimming. */
  maxTextLength: number
  /** To the other views: the reply so far, shown live until its entry comes. */
  tell: Tell
}

/** Waits `ms`, or rejects with the signal's reason once it aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", cancelled)
      resolve()
    }, ms)
    signal.addEventListener("abort", cancelled, { once: true })
  })
}

/**
 * The `reply` stream's handler: the reply to a message, a chunk at a time,
 * one running stream per view. Nothing is stored for it: the chunks are a
 * function of the text, so a stream opened again after a drop or a worker
 * stop goes on where the view stands (`from`), yielding the chunks it has
 * at once. The view records what it got with a `send` of the same id.
 */
export function createReplyStream(deps: ReplyStreamDeps) {
  // Keyed by port, a token per run: a run opened again on the same port
  // must not be forgotten by the end of the run it replaced.
  const running = new Map<unknown, { id: string }>()

  return async function* reply(
    input: { id: string; text: string },
    view: View,
    signal: AbortSignal,
    from: number
  ): AsyncGenerator<string> {
    const { id } = input
    const current = running.get(view.port)
    if (current && current.id !== id) throw new PortError("stream-running")
    const text = checkedText(input.text, deps.maxTextLength)
    const run = { id }
    running.set(view.port, run)
    try {
      const chunks = replyChunks(replyText(text))
      for (const [index, chunk] of chunks.entries()) {
        // The pace is between chunks the view lacks: the first is on its
        // way at once, as fast as a normal reply.
        if (index > 0 && index >= from) await pause(deps.chunkMs(), signal)
        if (index >= from) {
          const reply = chunks.slice(0, index + 1).join("")
          deps.tell("progress", { id, from: view.meta, text, reply }, view)
        }
        yield chunk
      }
    } finally {
      if (running.get(view.port) === run) running.delete(view.port)
    }
  }
}
