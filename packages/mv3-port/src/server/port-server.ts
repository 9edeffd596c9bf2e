/**
 * The worker's side: a typed face on the session server (`core/server`),
 * which already admits ports, reads each message once and hands them over
 * in arrival order. This file answers the handshake and the heartbeat,
 * checks each request against the protocol, runs its handler, and answers
 * every request id exactly once: the first answer is remembered in a store,
 * and a re-send (after a drop, or after Chrome stopped the worker) gets it.
 * Streams and uploads are `./streams.ts`'s.
 */
import { fromOwnPage } from "../chrome"
import { createSessionServer } from "../core/server"
import { isPortError } from "../errors"
import {
  has,
  validate,
  type OutputOf,
  type ProtocolDefinition,
  type RequestInput,
  type RequestName,
  type RequestOutput
} from "../protocol"
import {
  readToServer,
  type BadToServer,
  type ToServer,
  type ToView
} from "../wire"
import { answerBook, settled, then, type Maybe } from "./answers"
import type {
  HeldPeer,
  PortPeer,
  ServerFlows,
  ServerFlowsDeps,
  ServerSidePort
} from "./peer"
import { memoryStore, type Answer, type AnswerStore } from "./stores"

export type { PortPeer, ServerSidePort } from "./peer"

/** One handler per request of the protocol, typed by it. */
export type Handlers<P extends ProtocolDefinition> = {
  [N in RequestName<P>]: (
    input: RequestInput<P, N>,
    peer: PortPeer<P>
  ) => RequestOutput<P, N> | Promise<RequestOutput<P, N>>
}

/** What `createPortServer` takes: `handlers`; the rest has defaults. */
export interface PortServerOptions<P extends ProtocolDefinition> {
  handlers: Handlers<P>
  /** Where answers are remembered for re-sends; default `memoryStore()`. */
  store?: AnswerStore
  /** Serve only ports of this name (others are left to other listeners). */
  name?: string
  /**
   * Which ports to serve; default `fromOwnPage`, this extension's own pages.
   * A port refused is never read nor answered (a content script's port
   * needs an `admit` of the app's own).
   */
  admit?: (port: ServerSidePort) => boolean
  /** A view said hello: after each (re)connect, a new port and a new peer. */
  onJoin?: (peer: PortPeer<P>) => void
  /** A view's port closed (only one that said hello). */
  onLeave?: (peer: PortPeer<P>) => void
  /** Hears what a handler or the store threw (the view gets a code only). */
  onError?: (error: unknown) => void
}

/** The worker's end of a protocol. */
export interface PortServer<P extends ProtocolDefinition> {
  /** Serves a port: pass it to `chrome.runtime.onConnect.addListener`. */
  accept(port: ServerSidePort): void
  /** Takes one message of `port` from a transport that listens itself (Plasmo's router). */
  hear(port: ServerSidePort, message: unknown): void
  /** Sends event `name` to one peer, or to every connected view. */
  emit<N extends keyof NonNullable<P["events"]> & string>(
    name: N,
    data: OutputOf<NonNullable<P["events"]>[N]>,
    to?: PortPeer<P>
  ): void
  /** The views connected now that said hello. */
  peers(): PortPeer<P>[]
}

/** Creates the worker's server of `protocol` (its requests and events). */
export function createPortServer<const P extends ProtocolDefinition>(
  protocol: P,
  options: PortServerOptions<P>
): PortServer<P> {
  return servePorts(protocol, options)
}

/** The server; `flows` serves streams and uploads (`createStreamServer` gives it). */
export function servePorts<const P extends ProtocolDefinition>(
  protocol: P,
  options: PortServerOptions<P>,
  flows?: (deps: ServerFlowsDeps) => ServerFlows
): PortServer<P> {
  const store = options.store ?? memoryStore()
  const report = options.onError ?? (() => {})
  const admit = options.admit ?? fromOwnPage
  const known = new WeakSet<ServerSidePort>()
  /** Requests whose handler runs now, with every peer waiting for the answer. */
  const running = new Map<string, Set<HeldPeer>>()
  const answers = answerBook(store, report)
  const streams: ServerFlows | undefined = flows?.({
    answers,
    post: (peer, message): boolean => core.post(peer, message),
    report
  })

  const core = createSessionServer<
    ServerSidePort,
    ToServer,
    ToView,
    unknown,
    BadToServer
  >({
    unwrap: (raw) => ({ ok: true, value: raw }),
    parse: readToServer,
    handle(peer, message) {
      if (message.k === "hello") return hello(peer, message.data)
      if (message.k === "ping") return void core.post(peer, { k: "pong" })
      // Handlers read `peer.meta`: what a view sends before its hello is
      // ignored (our client never does).
      if (peer.meta === null) return
      if (message.k === "req") return request(peer, message)
      if (streams) return streams.handle(peer, message)
      // A server without `createStreamServer`'s flows: the view's stream or
      // upload fails at once instead of waiting for a grant.
      if (message.k !== "st") {
        const code =
          message.k === "stream" ? "unknown-stream" : "unknown-upload"
        const m = { type: "stream-cancel", id: message.id, code } as const
        core.post(peer, { k: "st", m })
      }
    },
    reject: (peer, { id }) =>
      void core.post(peer, { k: "err", id, code: "bad-request" }),
    failed: (_peer, error) => report(error),
    onLeave(peer) {
      streams?.leave(peer.port)
      if (peer.meta !== null) options.onLeave?.(peer as PortPeer<P>)
    }
  })

  /**
   * Checks what a view says of itself, then welcomes it. A hello the
   * protocol refuses closes the port: the view's client backs off and, as
   * its hello never changes, gives up.
   */
  function hello(peer: HeldPeer, data: unknown) {
    const check = protocol.hello
    return then(check ? validate(check, data) : { value: true }, (checked) => {
      if (!checked) {
        core.leave(peer.port)
        return peer.port.disconnect()
      }
      core.identify(peer, checked.value)
      core.post(peer, { k: "welcome" })
      options.onJoin?.(peer as PortPeer<P>)
    })
  }

  /**
   * Joins a request to its running handler, answers it from the store, or
   * starts its handler. Only the store lookup is returned, so only it holds
   * later messages back: handlers run side by side.
   */
  function request(peer: HeldPeer, message: ToServer & { k: "req" }) {
    const { id } = message
    const waiting = running.get(id)
    if (waiting) return void waiting.add(peer)
    running.set(id, new Set([peer]))
    return then(answers.lookup(id), (stored) => {
      if (stored) return deliver(id, stored)
      void then(answerOf(message, peer), (fresh) =>
        then(answers.keep(id, fresh), () => deliver(id, fresh))
      )
    })
  }

  function answerOf(
    { id, name, input }: ToServer & { k: "req" },
    peer: HeldPeer
  ): Maybe<Answer> {
    const fail = (code: string): Answer => ({ k: "err", id, code })
    if (!has(protocol.requests, name)) return fail("unknown-request")
    const handler = options.handlers[name] as (
      input: unknown,
      peer: HeldPeer
    ) => unknown
    return settled(
      () =>
        then(validate(protocol.requests[name].input, input), (checked) =>
          checked
            ? then(handler(checked.value, peer), (output): Answer => ({
                k: "res",
                id,
                output
              }))
            : fail("bad-input")
        ),
      (error) => {
        if (isPortError(error)) return fail(error.code)
        report(error)
        return fail("handler-failed")
      }
    )
  }

  function deliver(id: string, answer: Answer): void {
    const peers = running.get(id) ?? []
    running.delete(id)
    // A peer that left is no longer registered: its post is refused.
    for (const peer of peers) core.post(peer, answer)
  }

  function attach(port: ServerSidePort): boolean {
    if (options.name !== undefined && port.name !== options.name) return false
    if (known.has(port)) return true
    if (!admit(port)) return false
    known.add(port)
    core.admit(port)
    port.onDisconnect.addListener(() => core.leave(port))
    return true
  }

  return {
    accept(port) {
      if (!known.has(port) && attach(port)) {
        port.onMessage.addListener((raw) => core.receive(port, raw))
      }
    },
    hear(port, message) {
      if (attach(port)) core.receive(port, message)
    },
    emit(name, data, to) {
      const event: ToView = { k: "event", name, data }
      if (to) core.post(to, event)
      else core.broadcast(event)
    },
    peers: () =>
      [...core.peers()].filter((peer) => peer.meta !== null) as PortPeer<P>[]
  }
}
