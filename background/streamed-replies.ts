import { createStreamSender, type StreamSender } from "mv3-port/core"

import { replyText, type ClientMessage, type ServerMessage } from "~protocol"

import type { ViewIdentity } from "./views"

/** Words in the first chunk: "Background", "received:" and the text's first word. */
const FIRST_WORDS = 3

/** Most chunks one streamed reply is cut into: a long reply gets longer chunks, not a longer stream. */
const MAX_CHUNKS = 100

/** A client message about a running stream. */
type StreamMessage = Extract<
  ClientMessage,
  { type: "stream-grant" | "stream-done" | "stream-cancel" | "stream-error" }
>
type Send = Extract<ClientMessage, { type: "send" }>
/** A `send` that asks for its reply as a stream. */
type StreamedSend = Send & { stream: NonNullable<Send["stream"]> }

/**
 * The reply cut into its opening, then chunks of about a word each (at
 * most MAX_CHUNKS): the same cut for the same text, so a stream resumed
 * after a worker stop goes on with the very chunks the view is missing.
 */
export function replyChunks(reply: string): string[] {
  const all = reply.match(/\S+\s*/g) ?? [reply]
  // The first chunk is the reply's fixed opening and the text's first word
  // (`Background received: "a `): what shows at once already reads as the
  // reply, as fast as a normal one.
  const words = [all.slice(0, FIRST_WORDS).join(""), ...all.slice(FIRST_WORDS)]
  const per = Math.ceil(words.length / MAX_CHUNKS)
  const chunks: string[] = []
  for (let i = 0; i < words.length; i += per) {
    chunks.push(words.slice(i, i + per).join(""))
  }
  return chunks
}

/**
 * The reply to `text` as a stream gives it: all of it, or its first `kept`
 * chunks (a reply the user stopped).
 */
export function streamedReply(text: string, kept = Infinity): string {
  return replyChunks(replyText(text)).slice(0, kept).join("")
}

/** What the streams are built on; `V` is the server's peer for a view. */
export interface StreamedRepliesDeps<V> {
  /**
   * Pause between chunks (ms): the pace at which the user watches the reply
   * grow. Asked before every pause, so a pace changed in the options applies
   * to a stream already running.
   */
  chunkMs: () => number
  post: (view: V, message: ServerMessage) => void
  /** To every other view: the stream so far, to show it live. */
  broadcast: (message: ServerMessage, except: V) => void
  /**
   * Records the reply and answers the send: all of it, or the `kept` chunks
   * the view had when the user stopped it.
   */
  answer: (view: V, send: StreamedSend, kept?: number) => void
}

interface Running {
  send: StreamedSend
  chunks: string[]
  sender: StreamSender<string>
  /** Cancels the pacing timer when the view's port goes (no one to stream to). */
  gone: AbortController
}

/**
 * The background's streamed replies: one at a time per view. Nothing is
 * stored for them: a view re-sends its `send` after a drop with where its
 * side stands, and the reply's chunks are a function of the text, so the
 * stream goes on from there on the new port (or in a new worker).
 */
export function createStreamedReplies<V extends { port: unknown }>(
  deps: StreamedRepliesDeps<V>
) {
  // Keyed by port: the server hands `onLeave` a copy of the peer.
  const running = new Map<unknown, Running>()

  function pause(signal: AbortSignal, gone: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const stopWaiting = () => {
        clearTimeout(timer)
        gone.removeEventListener("abort", stopWaiting)
        signal.removeEventListener("abort", cancelled)
      }
      const cancelled = () => {
        stopWaiting()
        reject(signal.reason)
      }
      const timer = setTimeout(() => {
        stopWaiting()
        resolve()
      }, deps.chunkMs())
      // Gone: never resolves, so nothing more is read or posted.
      gone.addEventListener("abort", stopWaiting)
      signal.addEventListener("abort", cancelled)
    })
  }

  function stop(view: V): void {
    const current = running.get(view.port)
    if (!current) return
    current.gone.abort()
    running.delete(view.port)
  }

  return {
    /**
     * Starts (or, re-sent after a drop, resumes) the streamed reply to
     * `send`; false when this view already has another one running.
     */
    start(view: V, from: ViewIdentity, send: StreamedSend): boolean {
      const current = running.get(view.port)
      if (current && current.send.id !== send.id) return false
      stop(view)
      const { next, upTo, stopped } = send.stream
      if (stopped) {
        deps.answer(view, send, next)
        return true
      }
      const chunks = replyChunks(replyText(send.text))
      const gone = new AbortController()
      const sender = createStreamSender<string>({
        id: send.id,
        read: async (index, signal) => {
          // The pace is between chunks: the first is on its way at once,
          // as fast as a normal reply.
          if (index > 0) await pause(signal, gone.signal)
          return index < chunks.length ? chunks[index] : null
        },
        post: (message) => {
          deps.post(view, message)
          if (message.type === "stream-chunk") {
            deps.broadcast(
              {
                type: "stream-progress",
                id: send.id,
                from,
                text: send.text,
                reply: chunks.slice(0, message.index + 1).join("")
              },
              view
            )
          }
          return true
        }
      })
      running.set(view.port, { send, chunks, sender, gone })
      sender.receive({ type: "stream-grant", id: send.id, next, upTo })
      return true
    },

    /** A view's message about its running stream. */
    receive(view: V, message: StreamMessage): void {
      const current = running.get(view.port)
      if (!current || current.send.id !== message.id) {
        // Nothing to say about an error for a stream that is over.
        if (message.type === "stream-error") return
        return deps.post(view, {
          type: "stream-error",
          id: message.id,
          code: "stream-closed"
        })
      }
      const { send, chunks, sender } = current
      // Done means every chunk arrived: a count that is not the reply's
      // would record a reply the view does not have.
      if (message.type === "stream-done" && message.count !== chunks.length) {
        return deps.post(view, {
          type: "stream-error",
          id: message.id,
          code: "bad-count"
        })
      }
      sender.receive(message)
      if (message.type === "stream-done") {
        stop(view)
        deps.answer(view, send)
      } else if (message.type === "stream-cancel") {
        stop(view)
        deps.answer(view, send, message.kept ?? 0)
      }
    },

    /** The view's port went: its stream stops here (it resumes when the view re-sends). */
    leave: stop
  }
}

/** The background's streamed replies. */
export type StreamedReplies<V extends { port: unknown }> = ReturnType<
  typeof createStreamedReplies<V>
>
