import type { ClientPort } from "../port"
import type { OutboxItem } from "./outbox"
import type { ClientProtocol } from "./protocol"
import type { DropCause } from "./reasons"
import type { Status } from "./states"

/** How the client reconnects after a drop (see `backoffDelay`). */
export interface ReconnectOptions {
  /** Reconnect attempts after a drop before the client gives up (Failed). */
  maxAttempts: number
  /** Delay before the second attempt (ms); it doubles from there. */
  baseMs: number
  /** Longest delay between attempts (ms). */
  maxMs: number
}

/** What the app supplies to `createSessionClient`. */
export interface SessionClientOptions<Out, In, Req> {
  /** How the app's messages are built and read. */
  protocol: ClientProtocol<Out, In, Req>
  /** Opens a fresh port (it may throw: the client reconnects with backoff). */
  openPort: () => ClientPort<Out>
  /** Closes a port the client opened; default `port.disconnect()`. */
  closePort?: (port: ClientPort<Out>) => void
  /** False once the extension was reloaded under the page; default always true. */
  contextValid?: () => boolean
  /** The browser's reason for the last port error (`chrome.runtime.lastError?.message`). */
  lastError?: () => string | undefined
  /** Clock for round trips (ms); default `performance.now`. */
  now?: () => number
  /** A fresh outbox id (unique across reconnects). */
  newId: () => string
  /**
   * Heartbeat interval while open: under Chrome's 30 s worker idle limit.
   * https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle
   */
  heartbeatMs: number
  /** How long a fresh port may wait for its welcome; default 5000. */
  connectTimeoutMs?: number
  reconnect: ReconnectOptions
  /** A sent item with no reply after this long on a live port fails. */
  replyTimeoutMs: number
  /** Times an item is posted before it fails. */
  maxSendAttempts: number
  /** Items that may wait at once; one more fails at once. */
  maxQueued: number
  /** Replied items kept in `items`; default 50. */
  keepReplied?: number
  /** Hears every item change, with the server message that caused it, if any. */
  onItem?: (item: OutboxItem<Req, In>, message: In | null) => void
}

/** What `getState` returns: a new object after every change, the same one until then. */
export interface SessionState<Req, In> {
  status: Status
  /** The reconnect attempt under way (1-based) while reconnecting, else 0. */
  attempt: number
  /** Why the connection last dropped or failed; null while connected or never dropped. */
  cause: DropCause | null
  /** True when `request` would queue or send (not when idle or failed). */
  accepting: boolean
  /** Items kept, in request order: all pending and failed ones, the latest replied ones. */
  items: readonly OutboxItem<Req, In>[]
  /** Items requested since the client was created. */
  requested: number
  /** Items replied (each counted once). */
  replied: number
  /** Items queued or sending now. */
  pending: number
  /** Items failed now (a retry takes one out). */
  failed: number
}

/** The client's options the lifecycle uses, defaults filled in. */
export type LifecycleOptions<Out> = Required<
  Pick<
    SessionClientOptions<Out, unknown, unknown>,
    | "openPort"
    | "closePort"
    | "contextValid"
    | "lastError"
    | "heartbeatMs"
    | "connectTimeoutMs"
    | "reconnect"
  >
>
