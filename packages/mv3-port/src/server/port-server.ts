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
import type { HeldPeer, PortPeer, ServerSidePort } from "./peer"
import { memoryStore, type Answer, type AnswerStore } from "./stores"
import {
  createServerStreams,
  type StreamHandlers,
  type UploadHandlers
} from "./streams"

export type { PortPeer, ServerSidePort } from "./peer"

/** One handler per request of the protocol, typed by it. */
export type Handlers<P extends ProtocolDefinition> = {
  [N in RequestName<P>]: (
    input: RequestInput<P, N>,
    peer: PortPeer<P>
  ) => RequestOutput<P, N> | Promise<RequestOutput<P, N>>
}

/** `{ key: T }`, optional when `T` has no keys (the protocol declares none). */
type NeededWhenDeclared<K extends string, T> = [keyof T] extends [never]
  ? { [_ in K]?: T }
  : { [_ in K]: T }

/**
 * What `createPortServer` takes: `handlers`, and `streams` and `uploads`
 * when the protocol declares them; the rest has defaults.
 */
export type PortServerOptions<P extends ProtocolDefinition> = BaseOptions<P> &
  NeededWhenDeclared<"streams", StreamHandlers<P>> &
  NeededWhenDeclared<"uploads", UploadHandlers<P>>

/** The options every server takes. */
export interface BaseOptions<P extends ProtocolDefinition> {
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

/** Creates the worker's server of `protocol`. */
export function createPortServer<const P extends ProtocolDefinition>(
  protocol: P,
  options: PortServerOptions<P>
): PortServer<P> {
  const store = options.store ?? memoryStore()
  const report = options.onError ?? (() => {})
  const admit = options.admit ?? fromOwnPage
  const known = new WeakSet<ServerSidePort>()
  /** Requests whose handler runs now, with every peer waiting for the answer. */
  const running = new Map<string, Set<HeldPeer>>()
  const answers = answerBook(store, report)
  const streams = createServerStreams(protocol, {
    streams: options.streams,
    uploads: options.uploads,
    answers,
    post: (peer, message) => core.post(peer, message),
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
      return streams.handle(peer, message)
    },
    reject: (peer, { id }) =>
      void core.post(peer, { k: "err", id, code: "bad-request" }),
    failed: (_peer, error) => report(error),
    onLeave(peer) {
      streams.leave(peer.port)
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
    const fail = (code: string, detail?: unknown): Answer => ({
      k: "err",
      id,
      code,
      detail
    })
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
        if (isPortError(error)) return fail(error.code, error.detail)
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
