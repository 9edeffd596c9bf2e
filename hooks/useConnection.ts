import { useEffect, useState, useSyncExternalStore } from "react"

import { getPort, removePort } from "@plasmohq/messaging/port"

import { config } from "~lib/config"
import {
  ConnectionController,
  type ClientPort,
  type ConnectionSnapshot,
  type Delivery
} from "~lib/connection-controller"
import { PORT_NAME, type ServerMessage, type ViewKind } from "~lib/protocol"

/**
 * Opens a fresh `popup-connection` port through the messaging package's port
 * helpers. `getPort` caches one port per name for the whole page and never
 * notices that it died, so the cached handle is dropped first.
 */
function openPort(): ClientPort {
  removePort(PORT_NAME)
  return getPort(PORT_NAME) as unknown as ClientPort
}

/** Closes a port we opened. Our own `disconnect()` fires no onDisconnect, so the cache is cleared here too. */
function closePort(port: ClientPort): void {
  removePort(PORT_NAME)
  port.disconnect()
}

/** Creates a view's connection controller wired to `chrome.runtime`. */
export function createChromeController(kind: ViewKind): ConnectionController {
  return new ConnectionController({
    ...config,
    kind,
    clientId: crypto.randomUUID(),
    openPort,
    closePort,
    // chrome.runtime.id disappears once the extension is reloaded under us.
    contextValid: () => Boolean(globalThis.chrome?.runtime?.id),
    lastError: () => chrome.runtime.lastError?.message,
    now: () => performance.now(),
    newId: () => crypto.randomUUID()
  })
}

/** Where a log row reads how one of this view's messages fared, and hears when that changes. */
export interface DeliverySource {
  subscribe: (onChange: () => void) => () => void
  get: (id: string) => Delivery | undefined
}

export interface Connection extends ConnectionSnapshot {
  connect: () => void
  disconnect: () => void
  send: ConnectionController["send"]
  retry: (id: string) => void
  command: ConnectionController["command"]
  /** Subscribes to every checked message from the background. */
  listen: ConnectionController["listen"]
  /** Stable: the log's rows subscribe to their own message's delivery. */
  deliveries: DeliverySource
  clientId: string
}

/**
 * A view's connection to the background: state to render, plus stable
 * actions. This hook is the one place the views touch `chrome.runtime`; the
 * port closes when the view unmounts.
 */
export function useConnection(
  kind: ViewKind,
  onServerMessage?: (message: ServerMessage) => void,
  create: typeof createChromeController = createChromeController
): Connection {
  const [controller] = useState(() => create(kind))
  const [deliveries] = useState<DeliverySource>(() => ({
    subscribe: controller.subscribe,
    get: controller.deliveryOf
  }))
  useEffect(() => controller.dispose, [controller])
  useEffect(
    () => (onServerMessage ? controller.listen(onServerMessage) : undefined),
    [controller, onServerMessage]
  )
  const snapshot = useSyncExternalStore(
    controller.subscribe,
    controller.getSnapshot
  )
  return {
    ...snapshot,
    connect: controller.connect,
    disconnect: controller.disconnect,
    send: controller.send,
    retry: controller.retry,
    command: controller.command,
    listen: controller.listen,
    deliveries,
    clientId: controller.clientId
  }
}
