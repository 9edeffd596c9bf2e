import type { StreamErrorCode, ToReceiver, ToSender } from "./messages"

/** Where a receiving side is. */
export type ReceiverState =
  /** `arrived` chunks taken (`kept` of them kept), the sender allowed up to `upTo`. */
  | { phase: "open"; arrived: number; kept: number; upTo: number }
  /** The end arrived; the last chunks and the result are being kept. */
  | { phase: "finishing"; count: number }
  | { phase: "done"; count: number }
  | { phase: "cancelled"; code: string; by: "sender" | "receiver" }

/** What a receiving side is made of. */
export interface StreamReceiverOptions<T> {
  id: string
  /** Chunks the sender may have in flight beyond those kept. */
  window: number
  /**
   * Chunks already kept: 0 for a new stream; for one restored after this
   * side restarted, how far it had got (the app stores it with what it
   * keeps, e.g. a hash state), so the stream goes on from there.
   */
  kept?: number
  /** Keeps chunk `index` (in order, one at a time); a stream that must survive this side keeps it durably. */
  keep: (index: number, data: T, signal: AbortSignal) => void | Promise<void>
  /** All `count` chunks are kept: makes the result final (once). */
  finish: (count: number) => void | Promise<void>
  /** Posts on the current port; false when there is none. */
  post: (message: ToSender) => boolean
  onChange?: (state: ReceiverState) => void
}

/**
 * The side of a stream that takes chunks: only the next one, only within
 * what it granted, keeping each before it grants more, so its memory holds
 * at most a window of chunks. It grants again once half the window is
 * kept, and says where it stands (`announce`) on open and after every
 * reconnect; a chunk it cannot take is answered with a typed error and the
 * stream goes on.
 */
export function createStreamReceiver<T>(options: StreamReceiverOptions<T>) {
  const { id, window, post } = options
  const abort = new AbortController()
  const start = options.kept ?? 0
  let state: ReceiverState = {
    phase: "open",
    arrived: start,
    kept: start,
    upTo: start + window
  }
  // Keeping is done one chunk at a time, in order.
  let keeping: Promise<void> = Promise.resolve()

  function set(next: ReceiverState): void {
    state = next
    options.onChange?.(state)
  }

  const refuse = (code: StreamErrorCode, index?: number) =>
    void post({ type: "stream-error", id, code, index })

  function grant(): void {
    if (state.phase !== "open") return
    post({ type: "stream-grant", id, next: state.arrived, upTo: state.upTo })
  }

  function finish(code: string, by: "sender" | "receiver"): void {
    if (state.phase === "done" || state.phase === "cancelled") return
    set({ phase: "cancelled", code, by })
    abort.abort(code)
  }

  /** Runs `step` after everything queued; a failure cancels the stream. */
  function queue(step: () => void | Promise<void>): void {
    keeping = keeping
      .then(() => (abort.signal.aborted ? undefined : step()))
      .catch(() => {
        if (abort.signal.aborted) return
        post({ type: "stream-cancel", id, code: "keep-failed" })
        finish("keep-failed", "receiver")
      })
  }

  function chunk(index: number, data: T): void {
    if (state.phase !== "open") return refuse("stream-closed", index)
    if (index < state.arrived) return refuse("chunk-duplicate", index)
    if (index > state.arrived) return refuse("chunk-out-of-order", index)
    if (index >= state.upTo) return refuse("window-overrun", index)
    set({ ...state, arrived: index + 1 })
    queue(async () => {
      await options.keep(index, data, abort.signal)
      if (state.phase !== "open") return
      const kept = index + 1
      // Half the window kept: grant the next half, not one chunk per grant.
      if (state.upTo - kept > window / 2) return set({ ...state, kept })
      set({ ...state, kept, upTo: kept + window })
      grant()
    })
  }

  function end(count: number): void {
    if (state.phase !== "open") {
      // The sender re-sends its end after a drop: answer it again.
      if (state.phase === "done" && state.count === count) {
        post({ type: "stream-done", id, count })
      } else refuse("stream-closed")
      return
    }
    if (count !== state.arrived) return refuse("bad-count")
    set({ phase: "finishing", count })
    queue(async () => {
      await options.finish(count)
      set({ phase: "done", count })
      post({ type: "stream-done", id, count })
    })
  }

  function announce(): void {
    if (state.phase === "open") grant()
    else if (state.phase === "done") {
      post({ type: "stream-done", id, count: state.count })
    }
  }

  return {
    id,
    /** Aborted when the stream is cancelled from either side. */
    signal: abort.signal,
    getState: (): ReceiverState => state,
    /** Tells the sender where this side stands: on open, and after every reconnect. */
    announce,
    /** Takes a message from the sending side. */
    receive(message: ToReceiver<T>): void {
      switch (message.type) {
        case "stream-chunk":
          return chunk(message.index, message.data)
        case "stream-resume":
          return announce()
        case "stream-end":
          return end(message.count)
        case "stream-cancel":
          return finish(message.code, "sender")
        case "stream-error":
          // The sender could not take a grant: say again where we stand.
          return announce()
      }
    },
    /** Stops the stream from this side; the sender hears it. */
    cancel(code: string): void {
      if (state.phase === "done" || state.phase === "cancelled") return
      const kept = state.phase === "open" ? state.kept : state.count
      post({ type: "stream-cancel", id, code, kept })
      finish(code, "receiver")
    },
    /** Resolves once everything taken so far is kept (or the stream failed). */
    settled: (): Promise<void> => keeping
  }
}

/** The receiving side of one stream. */
export type StreamReceiver<T> = ReturnType<typeof createStreamReceiver<T>>
