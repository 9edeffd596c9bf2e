/**
 * A view's port as the worker holds it, and the peer a handler sees: apart
 * from the server so that its parts (streams, uploads) can name them.
 */
import type { PortSender } from "../chrome"
import type { PortEvent } from "../core"
import type { Peer } from "../core/server"
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

/** The port a request came from, as a handler sees it. */
export type PortPeer = Peer<ServerSidePort, true>
