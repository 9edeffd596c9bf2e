import type { ClientPort } from "../port"
import type { DropCause } from "./reasons"

/** A port the client opened, with the listeners it put on it. */
export interface PortLink<Out> {
  readonly port: ClientPort<Out>
  /** True once the port's onDisconnect fired: it is gone and must not be closed again. */
  dead: boolean
  /** Removes the client's listeners from the port. */
  readonly detach: () => void
}

type Timeout = ReturnType<typeof setTimeout>
type Interval = ReturnType<typeof setInterval>

/**
 * The connection's lifecycle. Each state holds what exists only in it (its
 * port, its timers, its attempt count), so leaving a state through `dispose`
 * is the one way those go away and none can outlive it.
 */
export type Lifecycle<Out> =
  | { tag: "idle"; cause: DropCause | null }
  /** A port is open and its hello posted; no welcome yet. `attempt` 0 is the user's Connect. */
  | {
      tag: "connecting"
      link: PortLink<Out>
      connectTimer: Timeout
      attempt: number
      cause: DropCause | null
    }
  /**
   * Welcomed. `proven` turns true once the port answered something after
   * its welcome; only then is `attempt` reset (see `Lifecycle.answered`).
   */
  | {
      tag: "open"
      link: PortLink<Out>
      heartbeat: Interval
      proven: boolean
      attempt: number
    }
  /** Waiting to make reconnect attempt `attempt`. */
  | { tag: "backoff"; retryTimer: Timeout; attempt: number; cause: DropCause }
  | { tag: "failed"; cause: DropCause }

/** The lifecycle as a view shows it. */
export type Status =
  "disconnected" | "connecting" | "connected" | "reconnecting" | "failed"

/** The status each state but connecting is shown as. */
const STATUS = {
  idle: "disconnected",
  open: "connected",
  backoff: "reconnecting",
  failed: "failed"
} as const

/** The status a state is shown as: a connect made by the backoff counts as reconnecting. */
export function statusOf(state: Lifecycle<unknown>): Status {
  return state.tag !== "connecting"
    ? STATUS[state.tag]
    : state.attempt
      ? "reconnecting"
      : "connecting"
}

/** The port a state holds, if any. */
export function linkOf<Out>(state: Lifecycle<Out>): PortLink<Out> | null {
  return state.tag === "connecting" || state.tag === "open" ? state.link : null
}

/** The attempt count a state carries (0 where there is none). */
export function attemptOf(state: Lifecycle<unknown>): number {
  return state.tag === "idle" || state.tag === "failed" ? 0 : state.attempt
}

/**
 * Releases what `state` holds: its timers, and its port unless that port is
 * `kept` (carried into the next state). A live port is closed from our side;
 * a dead one only loses our listeners.
 */
export function dispose<Out>(
  state: Lifecycle<Out>,
  kept: PortLink<Out> | null,
  closePort: (port: ClientPort<Out>) => void
): void {
  if (state.tag === "connecting") clearTimeout(state.connectTimer)
  if (state.tag === "open") clearInterval(state.heartbeat)
  if (state.tag === "backoff") clearTimeout(state.retryTimer)
  const link = linkOf(state)
  if (!link || link === kept) return
  link.detach()
  if (link.dead) return
  link.dead = true
  try {
    closePort(link.port)
  } catch {
    // Closed by the other side in the meantime: nothing left to close.
  }
}
