/**
 * The view's side: a typed, promise-based face on the session client
 * (`core/client`), which already connects, says hello, heartbeats,
 * reconnects with backoff and re-sends under the same id. This file only
 * turns outbox items into promises and server events into callbacks.
 */
import { contextValid, lastError } from "./chrome"
import type {
  PortClientOptions,
  PortClientState,
  RequestOptions
} from "./client-options"
import type { Status } from "./core"
import { createSessionClient } from "./core/client/client"
import type { OutboxItem } from "./core/client/outbox"
import { PortError } from "./errors"
import { newId } from "./ids"
import { isPlainData } from "./plain-data"
import {
  has,
  validate,
  type EventData,
  type EventName,
  type HelloOption,
  type ProtocolDefinition,
  type RequestInput,
  type RequestName,
  type RequestOutput
} from "./protocol"
import { readToClient, type ToClient, type ToServer } from "./wire"

export type {
  PortClientOptions,
  PortClientState,
  RequestOptions,
  RequestProgress
} from "./client-options"

type Body = { name: string; input: unknown }
/**
 * Settles a request: rejects it with `error`, or resolves it with `value`;
 * `progress` is the request's `onProgress`.
 */
type Waiter = ((error: PortError | null, value?: unknown) => void) &
  Pick<RequestOptions, "onProgress">

/** The view's end of a protocol: `request`, `on`, `status`, `subscribe`. */
export interface PortClient<P extends ProtocolDefinition> {
  /** Sends request `name`; resolves with its checked output, rejects with a `PortError`. */
  request<N extends RequestName<P>>(
    name: N,
    input: RequestInput<P, N>,
    options?: RequestOptions
  ): Promise<RequestOutput<P, N>>
  /** Calls `listener` with each checked event `name`; returns the unbind. */
  on<N extends EventName<P>>(
    name: N,
    listener: (data: EventData<P, N>) => void
  ): () => void
  /** "connecting", "connected", "reconnecting", "failed" or "disconnected". */
  readonly status: Status
  /** `status`, `attempt` and `cause` (see `PortClientState`), for `useSyncExternalStore`. */
  readonly state: PortClientState
  /** Calls `listener` after every change of `status` (and of the queue); returns the unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Connects: at first when `lazy`, or again after `disconnect()` or a failure. */
  connect(): void
  /** Closes the port for good; what is waiting rejects with "disconnected". */
  disconnect(): void
}

/** Creates a view's client of `protocol` and connects it (unless `lazy`). */
export function createPortClient<const P extends ProtocolDefinition>(
  protocol: P,
  options: PortClientOptions & HelloOption<P>
): PortClient<P> {
  const waiters = new Map<string, Waiter>()
  const listeners = new Map<string, Set<(data: never) => void>>()
  // Events are checked one after another, so they reach listeners in order
  // even when a validator is asynchronous.
  let events = Promise.resolve()
  // The id of the next request, picked before the outbox sees it: a full
  // queue fails the item inside `request`, before its id is returned.
  let nextId = ""

  const session = createSessionClient<ToServer, ToClient, Body>({
    protocol: {
      hello: () => ({ k: "hello", data: options.hello }),
      ping: () => ({ k: "ping" }),
      request: (id, { name, input }) => ({ k: "req", id, name, input }),
      // The wire's kinds are the session's own (`Incoming`): no classify.
      parse: readToClient
    },
    openPort: options.connect,
    contextValid,
    lastError,
    newId: () => nextId,
    heartbeatMs: options.heartbeatMs ?? 20_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    reconnect: {
      maxAttempts: options.maxAttempts ?? 8,
      baseMs: options.baseDelayMs ?? 250,
      maxMs: options.maxDelayMs ?? 5000
    },
    replyTimeoutMs: options.replyTimeoutMs ?? 30_000,
    maxSendAttempts: options.maxSendAttempts ?? 3,
    maxQueued: options.maxQueued ?? 100,
    // Replies live in the promises; the outbox keeps only what is pending.
    keepReplied: 0,
    onItem: settle
  })

  function settle(item: OutboxItem<Body, ToClient>, message: ToClient | null) {
    const waiter = waiters.get(item.id)
    const { state, attempts, rttMs } = item
    if (state === "failed") {
      // A failed item is never retried here: the outbox may forget it,
      // once the change that failed it is complete.
      void Promise.resolve().then(() => session.discard(item.id))
      if (!waiter) return
      waiters.delete(item.id)
      const failure = item.failure!
      // Only an "err" message rejects an item (see `classify`). The
      // session's own failures have no detail; the server's was never
      // looked at, so only plain data goes on to the app.
      const { code, detail } = (
        failure.code === "rejected" ? failure.error : failure
      ) as { code: string; detail?: unknown }
      return waiter(
        new PortError(code, isPlainData(detail) ? detail : undefined)
      )
    }
    waiter?.onProgress?.({ state, attempts, rttMs })
    if (state !== "replied" || message?.k !== "res" || !waiter) return
    waiters.delete(item.id)
    const check = protocol.requests[item.body.name].output
    void Promise.resolve(validate(check, message.output)).then((checked) =>
      checked
        ? waiter(null, checked.value)
        : waiter(new PortError("bad-output"))
    )
  }

  session.listen((message) => {
    if (message.k !== "event") return
    const table = protocol.events
    // `has` is false without a table.
    if (!has(table, message.name)) return
    const { name, data } = message
    const check = table![name]
    events = events.then(async () => {
      const checked = await validate(check, data)
      if (!checked) return
      for (const listener of [...(listeners.get(name) ?? [])]) {
        listener(checked.value as never)
      }
    })
  })

  if (!options.lazy) session.connect()
  let state: PortClientState | undefined

  return {
    request(name, input, { signal, onProgress } = {}) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new PortError("aborted"))
        if (!has(protocol.requests, name)) {
          return reject(new PortError("unknown-request"))
        }
        const id = (nextId = newId())
        const onAbort = () => {
          if (waiters.delete(id)) waiter(new PortError("aborted"))
        }
        const waiter: Waiter = (error, value) => {
          signal?.removeEventListener("abort", onAbort)
          if (error) reject(error)
          else resolve(value as RequestOutput<P, typeof name>)
        }
        waiter.onProgress = onProgress
        waiters.set(id, waiter)
        signal?.addEventListener("abort", onAbort)
        const body = { name, input }
        if (session.request(body) !== null) return
        // Refused. A client that gave up tries again for a new request (one
        // whose extension was reloaded fails again at once), and one
        // disconnected stays so. The state is read only now: getState
        // copies the outbox.
        if (session.getState().status === "failed") {
          session.connect()
          if (session.request(body) !== null) return
        }
        waiters.delete(id)
        const code = contextValid() ? "disconnected" : "context-lost"
        waiter(new PortError(code))
      })
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set()
      listeners.set(name, set.add(listener))
      return () => void set.delete(listener)
    },
    get status() {
      return session.getState().status
    },
    get state() {
      // The session's snapshot changes with the queue too: a new object
      // only when one of these three did.
      const { status, attempt, cause } = session.getState()
      return state?.status === status &&
        state.attempt === attempt &&
        state.cause === cause
        ? state
        : (state = { status, attempt, cause })
    },
    // The session's methods do not use `this`.
    subscribe: session.subscribe,
    connect: session.connect,
    disconnect: session.disconnect
  }
}
