import { backoffDelay } from "../backoff"
import type { ClientPort } from "../port"
import type { LifecycleOptions } from "./options"
import type { DropCause, EndReason } from "./reasons"
import {
  attemptOf,
  dispose,
  linkOf,
  type Lifecycle,
  type PortLink
} from "./states"

/** What the lifecycle calls back into (the client composes it with the outbox). */
export interface LifecycleHooks<Out> {
  /** The first message on a fresh port. */
  hello(): Out
  /** The heartbeat. */
  ping(): Out
  /** Something arrived on the current port. */
  receive(raw: unknown): void
  /** The port was welcomed: the state is now open. */
  opened(): void
  /** The state left open: nothing more goes out on that port. */
  closed(): void
  /** The lifecycle ended (Disconnect or Failed): what is still waiting fails. */
  ended(reason: EndReason): void
  /** The state changed. */
  changed(): void
}

/** The lifecycle's transitions; the current state is the only mutable thing. */
export function createLifecycle<Out>(
  options: LifecycleOptions<Out>,
  hooks: LifecycleHooks<Out>
) {
  let state: Lifecycle<Out> = { tag: "idle", cause: null }

  /** Leaves the current state for `next`, releasing all it holds that `next` does not. */
  function enter(next: Lifecycle<Out>): void {
    const previous = state
    state = next
    dispose(previous, linkOf(next), options.closePort)
    if (previous.tag === "open" && next.tag !== "open") hooks.closed()
  }

  function postOn(link: PortLink<Out>, message: Out): boolean {
    try {
      link.port.postMessage(message)
      return true
    } catch {
      // A disconnected port throws; its onDisconnect is on its way.
      return false
    }
  }

  function attach(port: ClientPort<Out>): PortLink<Out> {
    const onMessage = (raw: unknown) => hooks.receive(raw)
    const onDisconnect = () => {
      // Read lastError inside the listener, or Chrome reports it as unchecked.
      // https://developer.chrome.com/docs/extensions/reference/api/runtime#property-lastError
      const detail = options.lastError()
      link.dead = true
      if (linkOf(state) !== link) return
      if (!options.contextValid()) return contextLost()
      dropped({ code: "background-disconnected", detail })
    }
    const link: PortLink<Out> = {
      port,
      dead: false,
      detach: () => {
        port.onMessage.removeListener(onMessage)
        port.onDisconnect.removeListener(onDisconnect)
      }
    }
    port.onMessage.addListener(onMessage)
    port.onDisconnect.addListener(onDisconnect)
    return link
  }

  function open(attempt: number, cause: DropCause | null): void {
    // After a reload under the page, connecting throws or hands back a port
    // that drops at once: no attempt can succeed, so none is spent on it.
    if (!options.contextValid()) return contextLost()
    let port: ClientPort<Out>
    try {
      port = options.openPort()
    } catch (error) {
      return dropped({ code: "open-failed", error }, attempt)
    }
    const link = attach(port)
    const connectTimer = setTimeout(
      () => dropped({ code: "no-answer" }),
      options.connectTimeoutMs
    )
    enter({ tag: "connecting", link, connectTimer, attempt, cause })
    hooks.changed()
    postOn(link, hooks.hello())
  }

  /** The port went away without the user asking: back off, then reconnect. */
  function dropped(cause: DropCause, attempt = attemptOf(state)): void {
    const next = attempt + 1
    const { maxAttempts, baseMs, maxMs } = options.reconnect
    if (next > maxAttempts) {
      enter({
        tag: "failed",
        cause: { code: "gave-up", attempts: maxAttempts, last: cause }
      })
      hooks.ended({ code: "gave-up" })
      return hooks.changed()
    }
    const retryTimer = setTimeout(
      () => open(next, cause),
      backoffDelay(next, baseMs, maxMs)
    )
    enter({ tag: "backoff", retryTimer, attempt: next, cause })
    hooks.changed()
  }

  function contextLost(): void {
    enter({ tag: "failed", cause: { code: "context-lost" } })
    hooks.ended({ code: "context-lost" })
    hooks.changed()
  }

  return {
    /** The current state. */
    get state(): Lifecycle<Out> {
      return state
    },

    /** The user's Connect: only from idle or failed. */
    connect(): void {
      if (state.tag !== "idle" && state.tag !== "failed") return
      open(0, null)
    },

    /** The user's Disconnect: from any state but idle, and final (no reconnect). */
    disconnect(): void {
      if (state.tag === "idle") return
      enter({ tag: "idle", cause: { code: "you-disconnected" } })
      hooks.ended({ code: "disconnected" })
      hooks.changed()
    },

    /**
     * The welcome to our hello: the port is open. Only the first counts; a
     * second one on a live port would start a second heartbeat.
     */
    welcomed(): boolean {
      if (state.tag !== "connecting") return false
      const { link, attempt } = state
      const heartbeat = setInterval(
        () => postOn(link, hooks.ping()),
        options.heartbeatMs
      )
      // The attempt count is not reset here but in `answered`: a worker that
      // welcomes and then drops at once must still back off and end in Failed.
      enter({ tag: "open", link, heartbeat, proven: false, attempt })
      hooks.opened()
      hooks.changed()
      return true
    },

    /**
     * The open port answered something (a reply, an error or a pong): it is
     * proven to work, so the next drop starts the backoff afresh. An answer,
     * rather than time spent open, is the proof because a worker can be
     * stopped many times a minute while messages flow (each stop followed by
     * answers, none of which may count towards giving up), while one that
     * welcomes and dies before answering never proves itself. An idle port
     * proves itself with its first heartbeat's pong.
     */
    answered(): void {
      if (state.tag !== "open" || state.proven) return
      state.proven = true
      state.attempt = 0
    },

    /** Posts on the open port; false when not open or the post failed. */
    post(message: Out): boolean {
      return state.tag === "open" && postOn(state.link, message)
    },

    /** Releases the port and timers without telling anyone (the owner is going away). */
    dispose(): void {
      enter({ tag: "idle", cause: null })
    }
  }
}
