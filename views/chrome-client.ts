import type { ClientPort } from "mv3-port"

import { getPort, removePort } from "@plasmohq/messaging/port"

import { config } from "~config"
import type { ViewKind } from "~protocol"
import { PORT_NAME } from "~protocol/shapes"

import {
  createConversationClient,
  type ConversationClient,
  type ConversationClientOptions
} from "./conversation-client"
import type { Wire } from "./conversation-protocol"

/**
 * Opens a fresh `popup-connection` port through the messaging package's port
 * helpers. `getPort` caches one port per name for the whole page and never
 * notices that it died, so the cached handle is dropped first.
 * https://github.com/PlasmoHQ/plasmo/blob/main/api/messaging/src/port.ts
 */
function openPort(): ClientPort<Wire> {
  removePort(PORT_NAME)
  return getPort(PORT_NAME) as unknown as ClientPort<Wire>
}

/**
 * Closes a port we opened. Our own `disconnect()` fires no onDisconnect, so
 * the cache is cleared here too. https://developer.chrome.com/docs/extensions/develop/concepts/messaging#port-lifetime
 */
function closePort(port: ClientPort<Wire>): void {
  removePort(PORT_NAME)
  port.disconnect()
}

/** Creates a view's conversation client wired to `chrome.runtime`. */
export function createChromeClient(
  kind: ViewKind,
  ports: Pick<ConversationClientOptions, "openPort" | "closePort"> = {
    openPort,
    closePort
  }
): ConversationClient {
  return createConversationClient({
    kind,
    clientId: crypto.randomUUID(),
    maxMessageLength: config.maxMessageLength,
    maxFileBytes: config.maxFileBytes,
    heartbeatMs: config.heartbeatMs,
    reconnect: {
      maxAttempts: config.reconnectMaxAttempts,
      baseMs: config.reconnectBaseMs,
      maxMs: config.reconnectMaxMs
    },
    maxQueued: config.maxQueuedMessages,
    maxSendAttempts: config.maxSendAttempts,
    replyTimeoutMs: config.replyTimeoutMs,
    ...ports,
    // chrome.runtime.id disappears once the extension is reloaded under us.
    contextValid: () => Boolean(globalThis.chrome?.runtime?.id),
    lastError: () => chrome.runtime.lastError?.message,
    now: () => performance.now(),
    newId: () => crypto.randomUUID()
  })
}
