import type { ClientPort, ToServer } from "mv3-port"
import { createStreamClient } from "mv3-port/streams"

import { config } from "~config"
import type { ViewKind } from "~protocol"
import { conversation } from "~protocol/conversation"
import { PORT_NAME } from "~protocol/shapes"

import { createConversation, type ConversationClient } from "./conversation"

/**
 * A view of kind `kind` on Chrome's `popup-connection` port, with a fresh
 * id, disconnected until `connect()` (the user's Connect, or auto-connect).
 * It looks `chrome.runtime.connect` up on every connect, not once at load,
 * so that whatever wraps it after the page loaded (a test's wire recorder)
 * sees every port.
 */
export function createChromeConversation(kind: ViewKind): ConversationClient {
  const self = { clientId: crypto.randomUUID(), kind }
  const client = createStreamClient(conversation, {
    connect: () =>
      chrome.runtime.connect({ name: PORT_NAME }) as ClientPort<ToServer>,
    hello: self,
    lazy: true,
    heartbeatMs: config.heartbeatMs,
    maxAttempts: config.reconnectMaxAttempts,
    baseDelayMs: config.reconnectBaseMs,
    maxDelayMs: config.reconnectMaxMs,
    maxQueued: config.maxQueuedMessages,
    maxSendAttempts: config.maxSendAttempts,
    replyTimeoutMs: config.replyTimeoutMs
  })
  return createConversation(client, self)
}
