import type { StreamingReply, ViewClient } from "./conversation-types"

/** How a streamed reply ended: read to its end, or stopped by the user after `kept` chunks. */
type StreamEnd = { stopped: false } | { stopped: true; kept: number }

/**
 * This view's one streamed reply: a `for await` over the worker's `reply`
 * stream, telling `onText` as the reply grows. Stop ends the loop as a
 * `break` would (the package cancels the stream on the worker), so the
 * view can then record what it kept.
 */
export function createReplyStream(client: ViewClient, onText: () => void) {
  let current: {
    reply: StreamingReply
    chunks: number
    stopped: boolean
    words: AsyncIterableIterator<string>
  } | null = null

  return {
    /** The running stream, if any (a stopped one is not running: its reply is on its way). */
    get(): StreamingReply | null {
      return current && !current.stopped ? current.reply : null
    },
    /** Reads the streamed reply to message `id`; rejects with the stream's `PortError`. */
    async run(id: string, text: string): Promise<StreamEnd> {
      const words = client.stream("reply", { id, text })
      const run = { reply: { id, text: "" }, chunks: 0, stopped: false, words }
      current = run
      try {
        for await (const word of words) {
          // A new object per chunk: a snapshot that holds the last one keeps it.
          run.reply = { id, text: run.reply.text + word }
          run.chunks++
          onText()
        }
      } finally {
        if (current === run) current = null
      }
      return run.stopped
        ? { stopped: true, kept: run.chunks }
        : { stopped: false }
    },
    /** The user's Stop: the loop ends with what arrived. */
    stop(): void {
      if (!current || current.stopped) return
      current.stopped = true
      void current.words.return?.()
    }
  }
}
