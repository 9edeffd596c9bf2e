/**
 * Errors are values with codes, never sentences: the app words each code
 * in its own language. A rejected `request`, a failed stream and a failed
 * upload reject with a `PortError`.
 */

/** Codes the library itself gives; a handler may throw its own with `PortError`. */
export type PortErrorCode =
  /** More requests were waiting than `maxQueued`. */
  | "queue-full"
  /** No reply on a live port within `replyTimeoutMs`. */
  | "reply-timeout"
  /** Posted `maxSendAttempts` times, each on a port that dropped, without a reply. */
  | "no-reply-after-attempts"
  /** The client was disconnected (by `disconnect()`) or not connected. */
  | "disconnected"
  /** The extension was reloaded or updated under the page. */
  | "context-lost"
  /** Reconnect attempts ran out. */
  | "gave-up"
  /** The request's `AbortSignal` fired; the worker may still run it. */
  | "aborted"
  /** The server's reply failed the protocol's `output` check. */
  | "bad-output"
  /** The server could not read the request (no well-formed id, or not an object). */
  | "bad-request"
  /** The server's protocol has no request of that name. */
  | "unknown-request"
  /** The request's input failed the protocol's `input` check. */
  | "bad-input"
  /** The handler threw something that is not a `PortError`. */
  | "handler-failed"
  /** The server's protocol (or its handlers) has no stream of that name. */
  | "unknown-stream"
  /** The server's protocol (or its handlers) has no upload of that name. */
  | "unknown-upload"
  /** A stream's or upload's chunk failed the protocol's `chunk` check. */
  | "bad-chunk"
  /**
   * A stream's chunk could not be read again after it was refused (see
   * core/stream), or an upload's handler called `chunks.from` too late.
   */
  | "read-failed"
  /** The other side refused a stream's messages more than three times. */
  | "too-many-errors"
  /** A write to an upload's sink after `close()`, or after the upload ended. */
  | "closed"

/**
 * A failed request: `code` says why; `message` is the code too, never
 * prose. `detail` is small plain data a handler adds (e.g. `{ limit: 100 }`
 * with "text-too-long"); it crosses the port with the code.
 */
export class PortError extends Error {
  override readonly name = "PortError"
  constructor(
    readonly code: PortErrorCode | (string & {}),
    /** Plain data for the app to word the code with; undefined when none came. */
    readonly detail?: unknown
  ) {
    super(code)
  }
}

/** True for a `PortError` (also one from another copy of the package). */
export function isPortError(value: unknown): value is PortError {
  // By name, not class: an error from another copy of the package counts.
  return (
    value instanceof Error &&
    value.name === "PortError" &&
    typeof (value as PortError).code === "string"
  )
}
