/**
 * A view's port as the worker holds it, the peer a handler sees, and what
 * the server and its streams and uploads lend each other: apart from the
 * server so that its parts can name them.
 */
import type { PortSender } from "../chrome"
import type { PortEvent } from "../core"
import type { Peer } from "../core/server"
import type { HelloOutput, ProtocolDefinition } from "../protocol"
import type { ToServer, ToView } from "../wire"
import type { AnswerBook } from "./answers"

/** The worker's end of a port (a `chrome.runtime.Port` is one). */
export interface ServerSidePort {
  readonly name: string
  /** Who opened it; Chrome sets it on every port the worker receives. */
  readonly sender?: PortSender
  postMessage(message: ToView): void
  disconnect(): void
  onMessage: PortEvent<(message: unknown) => void>
  onDisconnect: PortEvent<() => void>
}

/**
 * The view a request came from, as a handler sees it: its port, and what it
 * said of itself in its hello (`true` when the protocol declares no hello).
 */
export interface PortPeer<P extends ProtocolDefinition = ProtocolDefinition> {
  readonly port: ServerSidePort
  readonly meta: HelloOutput<P>
}

/** A peer as the server holds it: `meta` is null until its hello is checked. */
export type HeldPeer = Peer<ServerSidePort, unknown>

/** What the server lends the streams and uploads it serves. */
export interface ServerFlowsDeps {
  answers: AnswerBook
  post(peer: HeldPeer, message: ToView): boolean
  report(error: unknown): void
}

/** What a server's streams and uploads do with the messages that are theirs. */
export interface ServerFlows {
  /** Opens a stream or an upload, or passes a message to a running one. */
  handle(
    peer: HeldPeer,
    message: ToServer & { k: "stream" | "upload" | "st" }
  ): void | Promise<void>
  /** The view's port is gone: what it ran stops (it opens them again on its next port). */
  leave(port: unknown): void
}

/** A port as a tap sees it: `meta` is null until its view said hello. */
export interface TappedPeer {
  readonly port: ServerSidePort
  readonly meta: unknown
}

/**
 * What a traffic tap hears (`server.tap`), e.g. for a DevTools inspector.
 * A message is passed as it was read: its wire fields checked, its payload
 * (`input`, `data`, `m`) as it arrived, not walked: describe it with a cap.
 */
export interface PortTap {
  /** A message of a port, in the order the server handles them. */
  received(peer: TappedPeer, message: ToServer): void
  /** A message that could not be read, with its id if it had one. */
  unreadable(peer: TappedPeer, id: string | null): void
  /** A message the server posted to a port. */
  posted(peer: TappedPeer, message: ToView): void
}
