import type { ToReceiver, ToSender } from "./messages"

/** Where a sending side is. */
export type SenderState =
  /** No grant yet: just opened, or the port dropped and the receiver has not said where it stands. */
  | { phase: "waiting"; next: number }
  /** Sending chunk `next` onwards, up to (not including) `upTo`. */
  | { phase: "flowing"; next: number; upTo: number }
  /** All `count` chunks sent and the end posted; waiting for the receiver's done. */
  | { phase: "ending"; count: number }
  | { phase: "done"; count: number }
  /** Stopped; `kept` is how many chunks the receiver said it kept, when it stopped it. */
  | {
      phase: "cancelled"
      code: string
      by: "sender" | "receiver"
      kept?: number
    }

/** Errors answered by the receiver before the sender gives up on the stream. */
const MAX_ERRORS = 3

/** What a sending side is made of. */
export interface StreamSenderOptions<T> {
  id: string
  /**
   * Chunk `index`, or null past the end. Called in index order; after a
   * drop, again from wherever the receiver stands, so it must give the same
   * chunk for the same index (a slice of a file, a part of a text).
   */
  read: (index: number, signal: AbortSignal) => T | null | Promise<T | null>
  /** Posts on the current port; false when there is none. */
  post: (message: ToReceiver<T>) => boolean
  /** Hears every change of state. */
  onChange?: (state: SenderState) => void
}

/**
 * The side of a stream that sends chunks: it never sends at or past what
 * the receiver granted, so at most a window of chunks is ever in flight,
 * and after a drop it waits for the receiver's grant and goes on from the
 * receiver's `next`, so nothing is lost, repeated or reordered.
 */
export function createStreamSender<T>(options: StreamSenderOptions<T>) {
  const { id, read, post } = options
  const abort = new AbortController()
  let state: SenderState = { phase: "waiting", next: 0 }
  // Bumped whenever `next` is set from outside the pump (a grant after a
  // drop), so that a read started before is not sent.
  let generation = 0
  let reading = false
  let errors = 0

  function set(next: SenderState): void {
    state = next
    options.onChange?.(state)
  }

  function finish(
    code: string,
    by: "sender" | "receiver",
    kept?: number
  ): void {
    if (state.phase === "done" || state.phase === "cancelled") return
    set({
      phase: "cancelled",
      code,
      by,
      ...(kept === undefined ? {} : { kept })
    })
    abort.abort(code)
  }

  async function pump(): Promise<void> {
    if (reading) return
    reading = true
    try {
      while (state.phase === "flowing" && state.next < state.upTo) {
        const { next: index } = state
        const started = generation
        const data = await read(index, abort.signal)
        if (started !== generation || state.phase !== "flowing") continue
        if (data === null) {
          set({ phase: "ending", count: index })
          post({ type: "stream-end", id, count: index })
          break
        }
        if (!post({ type: "stream-chunk", id, index, data })) {
          set({ phase: "waiting", next: index })
          break
        }
        set({ ...state, next: index + 1 })
      }
    } catch {
      // A chunk that cannot be read (a file gone): the stream cannot go on.
      if (!abort.signal.aborted) {
        post({ type: "stream-cancel", id, code: "read-failed" })
        finish("read-failed", "sender")
      }
    } finally {
      reading = false
    }
    // A grant that came while the last read was awaited.
    if (state.phase === "flowing" && state.next < state.upTo) void pump()
  }

  function granted(next: number, upTo: number): void {
    switch (state.phase) {
      case "waiting":
      case "ending":
        // Where the receiver stands after a drop (or at the start) is the
        // truth: chunks past it were lost with the port.
        generation++
        if (state.phase === "ending" && next === state.count) {
          post({ type: "stream-end", id, count: state.count })
          return
        }
        set({ phase: "flowing", next, upTo })
        return void pump()
      case "flowing":
        // More credit while flowing; the receiver's `next` lags behind ours.
        if (upTo > state.upTo) set({ ...state, upTo })
        return void pump()
    }
  }

  function dropped(): void {
    if (state.phase !== "flowing") return
    generation++
    set({ phase: "waiting", next: state.next })
  }

  function resume(): void {
    if (state.phase === "waiting" || state.phase === "ending") {
      post({ type: "stream-resume", id })
    }
  }

  return {
    id,
    /** Abort reason and signal of the work behind this stream (a cancel from either side). */
    signal: abort.signal,
    getState: (): SenderState => state,
    /** Takes a message from the receiving side. */
    receive(message: ToSender): void {
      if (state.phase === "done" || state.phase === "cancelled") return
      switch (message.type) {
        case "stream-grant":
          return granted(message.next, message.upTo)
        case "stream-done":
          return void set({ phase: "done", count: message.count })
        case "stream-cancel":
          return finish(message.code, "receiver", message.kept)
        case "stream-error":
          // Out of step with the receiver: ask it where it stands.
          if (++errors > MAX_ERRORS) {
            post({ type: "stream-cancel", id, code: "too-many-errors" })
            return finish("too-many-errors", "sender")
          }
          dropped()
          return resume()
      }
    },
    /** The port dropped: whatever was in flight is gone; wait for a grant. */
    dropped,
    /** On a new port: asks the receiver where it stands (it answers with a grant). */
    resume,
    /** Stops the stream from this side; the receiver hears it. */
    cancel(code: string): void {
      if (state.phase === "done" || state.phase === "cancelled") return
      post({ type: "stream-cancel", id, code })
      finish(code, "sender")
    }
  }
}

/** The sending side of one stream. */
export type StreamSender<T> = ReturnType<typeof createStreamSender<T>>
