/**
 * Why things went wrong, as data: the session words nothing, the app's UI
 * turns each code into its own text.
 */

/** Why the connection dropped or failed: data, worded by the app. */
export type DropCause =
  | { code: "you-disconnected" }
  /** `detail`: the browser's `lastError` message, if it gave one. */
  | { code: "background-disconnected"; detail?: string }
  /** A fresh port was not welcomed within the connect timeout. */
  | { code: "no-answer" }
  /** Opening a port threw; `error` is what it threw. */
  | { code: "open-failed"; error: unknown }
  /** The extension was reloaded or updated under the page: nothing can reconnect it. */
  | { code: "context-lost" }
  /** The reconnect attempts ran out; `last` is why the last one failed. */
  | { code: "gave-up"; attempts: number; last: DropCause }

/** Why the items still waiting fail when the lifecycle ends. */
export type EndReason =
  { code: "disconnected" } | { code: "context-lost" } | { code: "gave-up" }

/** Why an outbox item failed: data, worded by the app. */
export type FailReason<In> =
  /** More than `limit` items were waiting. */
  | { code: "queue-full"; limit: number }
  /** Posted `attempts` times (each on a port that dropped) without a reply. */
  | { code: "no-reply-after-attempts"; attempts: number }
  /** No reply on a live port within `ms`. */
  | { code: "reply-timeout"; ms: number }
  | EndReason
  /** The server's error message about this item. */
  | { code: "rejected"; error: In }
