import { parseEnvelope, refusalOf } from "~lib/protocol"

import type { Conversation } from "./conversation"
import type { ServerPort, ViewRegistry } from "./registry"

/** The parts of `chrome.runtime.Port` the gate wires up (fakes implement them in tests). */
export interface GatedPort extends ServerPort {
  onMessage: {
    addListener(listener: (message: unknown, port: never) => void): void
  }
  onDisconnect: { addListener(listener: () => void): void }
}

/**
 * Plasmo's generated router (`.plasmo/static/background/messaging.ts`) adds an
 * onMessage listener to every port and calls our handler with
 * `{ port, ...request }`: a request that is not a small `{ name, body }`
 * object would replace `req.port`, be spread key by key (a 10 MB string
 * becomes ten million keys), or throw inside the router where nobody catches
 * it. Listeners added to this port after this call only see envelopes that
 * passed `parseEnvelope`; everything else is answered here with an error.
 */
function shieldLaterListeners(port: GatedPort): void {
  const event = port.onMessage
  const addListener = event.addListener.bind(event)
  event.addListener = (listener) =>
    addListener((message: unknown, sender: never) => {
      if (parseEnvelope(message).ok) listener(message, sender)
    })
}

/**
 * Admits a port the caller has already checked is ours: registers it, answers
 * malformed envelopes with an error on the same port, shields the router, and
 * forgets the port when it disconnects.
 */
export function admitPort<P extends GatedPort>(
  port: P,
  registry: ViewRegistry<P>,
  conversation: Conversation<P>
): void {
  registry.add(port)
  port.onMessage.addListener((message: unknown) => {
    const envelope = parseEnvelope(message)
    if (!envelope.ok) {
      conversation.reject(port, refusalOf(envelope))
    }
  })
  shieldLaterListeners(port)
  port.onDisconnect.addListener(() => conversation.disconnected(port))
}
