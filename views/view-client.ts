import type { ClientPort, ToServer } from "mv3-port"
import { createStreamClient, type StreamClient } from "mv3-port/streams"

import { config } from "~config"
import type { ViewKind } from "~protocol"
import { conversation, type Conversation } from "~protocol/conversation"
import { PORT_NAME } from "~protocol/shapes"

/** A view's end of the conversation's port. */
export type ViewClient = StreamClient<Conversation>

/** Who a view is in the conversation, as its hello says. */
export interface ViewIdentity {
  clientId: string
  kind: ViewKind
}

/**
 * Creates a view's client of the `popup-connection` port, disconnected
 * until `connect()` (the user's Connect, or auto-connect). It looks
 * `chrome.runtime.connect` up on every connect, not once at load, so that
 * whatever wraps it after the page loaded (a test's wire recorder) sees
 * every port.
 */
export function createViewClient(self: ViewIdentity): ViewClient {
  return createStreamClient(conversation, {
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
}
