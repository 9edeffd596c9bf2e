import { PeerRegistry, type Peer, type ServerPort } from "./registry"
import { createSerialQueue, isThenable } from "./serial-queue"

/** What a parser returns: the value, or the app's description of what is wrong. */
export type Parsed<T, Failure extends { ok: false }> =
  { ok: true; value: T } | Failure

/** Why a peer left: its port closed, or posting to it threw (it died before its disconnect arrived). */
export type LeaveCause = "closed" | "unreachable"

/**
 * Sees every message the server moves, for an app that mirrors its traffic
 * (a DevTools inspector). Set with `observe` only while someone watches:
 * without one, the server pays a null check per message and nothing else.
 */
export interface TrafficObserver<P, Out, Meta> {
  /** Arrived on an admitted port, before any check: exactly what the port carried. */
  received(peer: Peer<P, Meta>, raw: unknown): void
  /** Was posted to a peer (and its port did not throw). */
  posted(peer: Peer<P, Meta>, message: Out): void
}

/** What the app supplies; every callback runs in message order unless noted. */
export interface SessionServerOptions<
  P,
  In,
  Meta,
  Failure extends { ok: false }
> {
  /** Takes the message body out of what arrived on a port (its transport envelope). */
  unwrap(raw: unknown): Parsed<unknown, Failure>
  /** Checks a body against the app's protocol. */
  parse(body: unknown): Parsed<In, Failure>
  /** Acts on one checked message; a returned promise holds every later message until it settles. */
  handle(peer: Peer<P, Meta>, message: In): void | PromiseLike<void>
  /** Answers what failed `unwrap` or `parse`; may hold later messages the same way. */
  reject(peer: Peer<P, Meta>, failure: Failure): void | PromiseLike<void>
  /** `parse`, `handle` or `reject` threw (or its promise rejected) on `body` from `peer`. */
  failed(peer: Peer<P, Meta>, error: unknown, body: unknown): void
  /** A peer is gone: its port closed, or a post found it dead. Not queued: runs at once. */
  onLeave?(peer: Peer<P, Meta>, cause: LeaveCause): void
}

/**
 * A server for many ports of one kind: it knows which ports are admitted,
 * parses what arrives on them once, and hands the messages to the app one
 * at a time in arrival order, across all ports. Trust is the caller's
 * business: only ports it admits are heard.
 */
export function createSessionServer<
  P extends ServerPort<Out>,
  In,
  Out,
  Meta,
  Failure extends { ok: false }
>(options: SessionServerOptions<P, In, Meta, Failure>) {
  const registry = new PeerRegistry<P, Meta>()
  const queue = createSerialQueue()
  let observer: TrafficObserver<P, Out, Meta> | null = null

  /** Runs an app callback for `body`, turning a throw or a rejection into `failed`. */
  function guarded(
    peer: Peer<P, Meta>,
    body: unknown,
    run: () => void | PromiseLike<void>
  ): void | PromiseLike<void> {
    try {
      const result = run()
      if (!isThenable(result)) return
      return result.then(undefined, (error: unknown) =>
        options.failed(peer, error, body)
      )
    } catch (error) {
      options.failed(peer, error, body)
    }
  }

  /** Queues `reject` for `failure`, behind everything that arrived before it. */
  function rejectInOrder(peer: Peer<P, Meta>, failure: Failure, body: unknown) {
    queue.push(() => guarded(peer, body, () => options.reject(peer, failure)))
  }

  /** `check(input)`'s value, or null once its refusal or throw is queued to be answered. */
  function checked<T>(
    peer: Peer<P, Meta>,
    input: unknown,
    check: (input: unknown) => Parsed<T, Failure>
  ): { value: T } | null {
    let result: Parsed<T, Failure>
    try {
      result = check(input)
    } catch (error) {
      queue.push(() => options.failed(peer, error, input))
      return null
    }
    if (isOk(result)) return { value: result.value }
    rejectInOrder(peer, result, input)
    return null
  }

  /** The body inside `raw`, or null once a bad envelope has been queued for answering. */
  function unwrapFor(
    peer: Peer<P, Meta>,
    raw: unknown
  ): { value: unknown } | null {
    return checked(peer, raw, (input) => options.unwrap(input))
  }

  /** Parses `body` and queues it for `handle`, or queues its refusal. */
  function deliverTo(peer: Peer<P, Meta>, body: unknown): void {
    const parsed = checked(peer, body, (input) => options.parse(input))
    if (!parsed) return
    const message = parsed.value
    queue.push(() => guarded(peer, body, () => options.handle(peer, message)))
  }

  /** Tells `onLeave` of a peer that was admitted. */
  function leaveWith(was: Peer<P, Meta> | undefined, cause: LeaveCause): void {
    if (was) options.onLeave?.(was, cause)
  }

  /** The admitted peer of `port`, shown to the observer with what it sent. */
  function arrived(port: P, raw: unknown): Peer<P, Meta> | undefined {
    const peer = registry.get(port)
    if (peer && observer) observer.received(peer, raw)
    return peer
  }

  /** Posts to one peer; false when its port threw. */
  function postTo(peer: Peer<P, Meta>, message: Out): boolean {
    try {
      peer.port.postMessage(message)
    } catch {
      return false
    }
    observer?.posted(peer, message)
    return true
  }

  return {
    /** Registers a port the caller trusts; its messages are heard from now on. */
    admit(port: P): Peer<P, Meta> {
      return registry.add(port)
    },

    /**
     * Checks only the envelope of what arrived on an admitted port. True when
     * it holds a body for `deliver`; a bad envelope is answered in order and
     * gives false, as does a port that was never admitted.
     */
    screen(port: P, raw: unknown): boolean {
      const peer = arrived(port, raw)
      return peer !== undefined && unwrapFor(peer, raw) !== null
    },

    /** Parses a body already unwrapped by `screen` and queues it; false for a port not admitted. */
    deliver(port: P, body: unknown): boolean {
      const peer = registry.get(port)
      if (!peer) return false
      deliverTo(peer, body)
      return true
    },

    /** `screen` and `deliver` in one, for transports that hand over raw messages. */
    receive(port: P, raw: unknown): boolean {
      const peer = arrived(port, raw)
      if (!peer) return false
      const unwrapped = unwrapFor(peer, raw)
      if (unwrapped) deliverTo(peer, unwrapped.value)
      return true
    },

    /** Records what the app knows of a peer (on its hello); false once it has left. */
    identify(peer: Peer<P, Meta>, meta: Meta): boolean {
      return registry.identify(peer, meta)
    },

    /** Every admitted peer, identified or not. */
    peers(): IterableIterator<Peer<P, Meta>> {
      return registry.all()
    },

    /** Posts to one peer; false when its port threw (its own disconnect will say it left). */
    post: postTo,

    /**
     * Posts to every identified peer but `except`. A peer whose port throws
     * died before its disconnect reached us: it is dropped and `onLeave`
     * hears of it after the loop (its own disconnect then finds nothing).
     */
    broadcast(message: Out, except?: Peer<P, Meta>): void {
      const dead: P[] = []
      for (const peer of registry.all()) {
        if (peer === except || peer.meta === null) continue
        if (!postTo(peer, message)) dead.push(peer.port)
      }
      for (const port of dead) leaveWith(registry.remove(port), "unreachable")
    },

    /** Starts (or, with null, stops) showing every message to `watcher`. */
    observe(watcher: TrafficObserver<P, Out, Meta> | null): void {
      observer = watcher
    },

    /** Forgets a port whose connection closed; `onLeave` hears of it if it was admitted. */
    leave(port: P): void {
      leaveWith(registry.remove(port), "closed")
    }
  }
}

/** The server `createSessionServer` returns. */
export type SessionServer<
  P extends ServerPort<Out>,
  In,
  Out,
  Meta,
  Failure extends { ok: false } = { ok: false }
> = ReturnType<typeof createSessionServer<P, In, Out, Meta, Failure>>

function isOk<T, F extends { ok: false }>(
  result: Parsed<T, F>
): result is { ok: true; value: T } {
  return result.ok
}
