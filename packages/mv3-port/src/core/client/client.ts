import { createLifecycle } from "./lifecycle"
import type {
  LifecycleOptions,
  SessionClientOptions,
  SessionState
} from "./options"
import { createOutbox } from "./outbox"
import type { Incoming } from "./protocol"
import { attemptOf, statusOf } from "./states"

/** True for the kinds that prove a welcomed port works (see `Lifecycle.answered`). */
function isAnswer(incoming: Incoming): boolean {
  return (
    incoming.k === "res" ||
    incoming.k === "progress" ||
    incoming.k === "err" ||
    incoming.k === "pong"
  )
}

/**
 * A view's session with the server over a port: connects, says hello,
 * heartbeats, reconnects with backoff, and carries requests through drops
 * until each is replied or failed. Framework-free; `subscribe`/`getState`
 * fit React's useSyncExternalStore.
 */
export function createSessionClient<Out, In, Req>(
  options: SessionClientOptions<Out, In, Req>
) {
  const { protocol } = options
  const stateListeners = new Set<() => void>()
  const messageListeners = new Set<(message: In) => void>()
  let snapshot: SessionState<Req, In> | null = null

  function changed(): void {
    snapshot = null
    for (const listener of [...stateListeners]) listener()
  }

  const outbox = createOutbox<Req, In>({
    newId: options.newId,
    now: options.now ?? (() => performance.now()),
    maxQueued: options.maxQueued,
    maxSendAttempts: options.maxSendAttempts,
    replyTimeoutMs: options.replyTimeoutMs,
    keepReplied: options.keepReplied ?? 50,
    send: (id, body) => lifecycle.post(protocol.request(id, body)),
    onItem: options.onItem ?? (() => {}),
    changed
  })

  const lifecycleOptions: LifecycleOptions<Out> = {
    openPort: options.openPort,
    closePort: options.closePort ?? ((port) => port.disconnect()),
    contextValid: options.contextValid ?? (() => true),
    lastError: options.lastError ?? (() => undefined),
    heartbeatMs: options.heartbeatMs,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    reconnect: options.reconnect
  }

  const lifecycle = createLifecycle<Out>(lifecycleOptions, {
    hello: protocol.hello,
    ping: protocol.ping,
    receive,
    opened: () => outbox.flush(),
    closed: () => outbox.suspend(),
    ended: (reason) => outbox.failPending(reason),
    changed
  })

  function receive(raw: unknown): void {
    const message = protocol.parse(raw)
    if (message === null) return
    // Listeners see a message before the session acts on it.
    for (const listener of [...messageListeners]) listener(message)
    const incoming = protocol.classify
      ? protocol.classify(message)
      : (message as Incoming)
    if (isAnswer(incoming)) lifecycle.answered()
    switch (incoming.k) {
      case "welcome":
        lifecycle.welcomed()
        return
      case "res":
        if (outbox.replied(incoming.id, message)) changed()
        return
      case "progress":
        outbox.progressed(incoming.id)
        return
      case "err":
        outbox.rejected(incoming.id, message)
        return changed()
    }
  }

  function accepting(): boolean {
    const { tag } = lifecycle.state
    return tag !== "idle" && tag !== "failed"
  }

  function buildState(): SessionState<Req, In> {
    const state = lifecycle.state
    const status = statusOf(state)
    return {
      status,
      attempt: status === "reconnecting" ? attemptOf(state) : 0,
      cause: state.tag === "open" ? null : state.cause,
      accepting: accepting(),
      items: outbox.items(),
      ...outbox.counts()
    }
  }

  return {
    /** Calls `listener` after every state change; returns the unsubscribe. */
    subscribe(listener: () => void): () => void {
      stateListeners.add(listener)
      return () => void stateListeners.delete(listener)
    },

    /** The current state: the same object until something changes. */
    getState(): SessionState<Req, In> {
      snapshot ??= buildState()
      return snapshot
    },

    /** Opens a session: allowed when idle or failed. */
    connect(): void {
      lifecycle.connect()
    },

    /** Ends the session for good (no reconnect); what is waiting fails. */
    disconnect(): void {
      lifecycle.disconnect()
    },

    /** Queues a request (sent at once when open); null when not accepting. */
    request(body: Req): string | null {
      if (!accepting()) return null
      const id = outbox.request(body)
      changed()
      return id
    },

    /** Sends failed item `id` again under the same id; ignored when not accepting. */
    retry(id: string): void {
      if (!accepting()) return
      outbox.retry(id)
      changed()
    },

    /** Forgets failed item `id` for good (no retry will follow). */
    discard(id: string): void {
      if (outbox.discard(id)) changed()
    },

    /** Posts a message outside the outbox (e.g. a command) on the open port. */
    post(message: Out): boolean {
      return lifecycle.post(message)
    },

    /** Calls `listener` with every parsed server message, before the session acts on it. */
    listen(listener: (message: In) => void): () => void {
      messageListeners.add(listener)
      return () => void messageListeners.delete(listener)
    },

    /** Releases the port, timers and listeners without notifying (the owner is going away). */
    dispose(): void {
      lifecycle.dispose()
      outbox.suspend()
      stateListeners.clear()
      messageListeners.clear()
    }
  }
}

/** The client `createSessionClient` returns. */
export type SessionClient<Out, In, Req> = ReturnType<
  typeof createSessionClient<Out, In, Req>
>
