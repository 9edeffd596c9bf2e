/**
 * What a view passes to `createPortClient` and to each request, and what
 * the client's `state` gives.
 */
import type { ClientPort, DropCause, Status } from "./core"
import type { ToServer } from "./wire"

/**
 * How a client connects and how patient it is; every field but `connect`
 * (and `hello`, when the protocol declares one) has a default.
 */
export interface PortClientOptions {
  /** Opens a fresh port, e.g. `() => chrome.runtime.connect({ name: "chat" })`. */
  connect: () => ClientPort<ToServer>
  /** Heartbeat while open (ms), under Chrome's 30 s worker idle limit; default 20 000. */
  heartbeatMs?: number
  /** How long a fresh port may wait for the worker's welcome (ms); default 5000. */
  connectTimeoutMs?: number
  /** Reconnect attempts after a drop before giving up; default 8. */
  maxAttempts?: number
  /** Delay before the second attempt (ms), doubling up to `maxDelayMs`; default 250. */
  baseDelayMs?: number
  /** Longest delay between attempts (ms); default 5000. */
  maxDelayMs?: number
  /** A request with no reply on a live port after this long fails (ms); default 30 000. */
  replyTimeoutMs?: number
  /** Posts of one request (each on a port that dropped) before it fails; default 3. */
  maxSendAttempts?: number
  /** Requests that may wait at once; default 100. */
  maxQueued?: number
  /** True: the client starts "disconnected" and opens no port until `connect()`; default false. */
  lazy?: boolean
}

/** What `state` gives: the same object until one of its fields changes. */
export interface PortClientState {
  /** As `PortClient.status`. */
  readonly status: Status
  /** The reconnect attempt under way (1-based) while "reconnecting", else 0. */
  readonly attempt: number
  /** Why the connection last dropped or failed; null while connected or before any drop. */
  readonly cause: DropCause | null
}

/**
 * Where a request stands while it waits: "queued" (no live port), "sending"
 * (posted `attempts` times, the last on the live port) or "replied" (with
 * `rttMs`, the round trip of the post that got the reply), just before the
 * promise settles with the checked output.
 */
export interface RequestProgress {
  readonly state: "queued" | "sending" | "replied"
  /** Times the request was posted; a re-send after a drop adds one. */
  readonly attempts: number
  /** The reply's round trip in ms, from its last post; set once "replied". */
  readonly rttMs?: number
}

/** Per-request options. */
export interface RequestOptions {
  /** Rejects the request with code "aborted"; the worker may still run it. */
  signal?: AbortSignal
  /** Hears each change of the request's `RequestProgress`, the first from inside `request`. */
  onProgress?: (progress: RequestProgress) => void
}
