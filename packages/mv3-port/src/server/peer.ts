/**
 * A view's port as the worker holds it, and the peer a handler sees: apart
 * from the server so that its parts (streams, uploads) can name them.
 */
import type { PortSender } from "../chrome"
import type { PortEvent } from "../core"
import type { Peer } from "../core/server"
import type { HelloOutput, ProtocolDefinition } from "../protocol"
import type { ToView } from "../wire"

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
