/**
 * The worker's side: a typed face on the session server (`core/server`),
 * which already admits ports, reads each message once and hands them over
 * in arrival order. This file answers the handshake and the heartbeat and
 * routes the rest: requests to `./requests.ts`, which answers every id
 * exactly once (the first answer is remembered in a store, and a re-send
 * after a drop or a worker stop gets it), streams and uploads to
 * `./streams.ts`, ports to `./admission.ts`.
 */
import { fromOwnPage } from "../chrome"
import { createSessionServer } from "../core/server"
import {
  validate,
  type OutputOf,
  type ProtocolDefinition,
  type RequestInput,
  type RequestName,
  type RequestOutput
} from "../protocol"
import {
  readToServer,
  streamCancel,
  type BadToServer,
  type ToServer,
  type ToView
} from "../wire"
import { createAdmission } from "./admission"
import { answerOrder, type Reply } from "./answer-order"
import { answerBook, then } from "./answers"
import type {
  HeldPeer,
  PortPeer,
  PortTap,
  ServerFlows,
  ServerFlowsDeps,
  ServerSidePort
} from "./peer"
import { createRequests } from "./requests"
import { memoryStore, type AnswerStore } from "./stores"

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
   * needs an `admit` of the app's own). A promise holds the port's messages
   * (at most `MAX_HELD`) until it resolves.
   */
  admit?: (port: ServerSidePort) => boolean | PromiseLike<boolean>
  /**
   * Decides on each message of a view that said hello (its hello too, once
   * checked) before anything else reads it: true serves it; a code refuses
   * it (a request or a stream's opening is answered with that code, the rest
   * is dropped); false closes the port. For rules per kind of view: what it
   * may send, how fast.
   */
  allow?: (peer: PortPeer<P>, message: ToServer) => boolean | string
  /** A view said hello: after each (re)connect, a new port and a new peer. */
  onJoin?: (peer: PortPeer<P>) => void
  /** A view's port closed (only one that said hello). */
  onLeave?: (peer: PortPeer<P>) => void
  /** Hears what a handler or the store threw (the view gets a code only). */
  onError?: (error: unknown) => void
  /** When a view's answers leave: "arrival" (in its requests' order, refusals too) or "settled" (each once given); default "arrival". */
  answerOrder?: "arrival" | "settled"
  /** Longest an answer waits for earlier ones of its view (ms) before it passes them; default 10 000. */
  answerWaitMs?: number
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
  /** Hears every message in and out from now on (null: stops); for an inspector. */
  tap(tap: PortTap | null): void
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
  const answers = answerBook(store, report)
  let tapped: PortTap | null = null
  const post = (peer: HeldPeer, message: ToView): boolean =>
    core.post(peer, message)
  const order =
    options.answerOrder === "settled"
      ? null
      : answerOrder(post, options.answerWaitMs ?? 10_000)
  const reply = (peer: HeldPeer): Reply =>
    order ? order.reserve(peer) : (message) => void post(peer, message)
  const request = createRequests(protocol, {
    handlers: options.handlers,
    answers,
    reply,
    report
  })
  const streams: ServerFlows | undefined = flows?.({ answers, post, report })

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
      tapped?.received(peer, message)
      // Handlers read `peer.meta`: one hello per port, and what a view sends
      // before it is ignored (our client never does either).
      if (message.k === "hello") {
        return peer.meta === null ? hello(peer, message) : undefined
      }
      if (peer.meta === null) return
      const verdict = options.allow?.(peer as PortPeer<P>, message) ?? true
      if (verdict !== true) return refuse(peer, message, verdict)
      if (message.k === "ping") return void post(peer, { k: "pong" })
      if (message.k === "req") return request(peer, message)
      if (streams) return streams.handle(peer, message)
      // A server without `createStreamServer`'s flows: the view's stream or
      // upload fails at once instead of waiting for a grant.
      if (message.k !== "st") {
        refuse(peer, message, `unknown-${message.k}`)
      }
    },
    reject(peer, { id }) {
      tapped?.unreadable(peer, id)
      reply(peer)({ k: "err", id, code: "bad-request" })
    },
    failed: (_peer, error) => report(error),
    onLeave(peer) {
      streams?.leave(peer.port)
      order?.leave(peer.port)
      if (peer.meta !== null) options.onLeave?.(peer as PortPeer<P>)
    }
  })

  /**
   * Checks what a view says of itself, then welcomes it. A hello the
   * protocol refuses closes the port: the view's client backs off and, as
   * its hello never changes, gives up.
   */
  function hello(peer: HeldPeer, message: ToServer & { k: "hello" }) {
    const check = protocol.hello
    const checking = check ? validate(check, message.data) : { value: true }
    return then(checking, (checked) => {
      if (!checked) return close(peer)
      core.identify(peer, checked.value)
      if ((options.allow?.(peer as PortPeer<P>, message) ?? true) !== true) {
        return close(peer)
      }
      post(peer, { k: "welcome" })
      options.onJoin?.(peer as PortPeer<P>)
    })
  }

  function close(peer: HeldPeer): void {
    order?.close(peer)
    core.leave(peer.port)
    peer.port.disconnect()
  }

  /** Answers `message` with `code` (a request or a stream's opening; the rest is dropped), or closes the port. */
  function refuse(peer: HeldPeer, message: ToServer, code: string | false) {
    if (code === false) return close(peer)
    if (message.k === "req") reply(peer)({ k: "err", id: message.id, code })
    if (message.k === "stream" || message.k === "upload") {
      post(peer, streamCancel(message.id, code))
    }
  }

  const ports = createAdmission({
    name: options.name,
    admit: options.admit ?? fromOwnPage,
    open(port) {
      core.admit(port)
      port.onDisconnect.addListener(() => core.leave(port))
    },
    read: (port, raw) => core.receive(port, raw),
    report
  })

  return {
    accept: ports.accept,
    hear: ports.hear,
    tap(tap) {
      tapped = tap
      // The core tells of every post, broadcasts included; while nobody
      // taps, it does no more than a null check.
      core.observe(
        tap && { received() {}, posted: (peer, m) => tap.posted(peer, m) }
      )
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
