import type { PlasmoMessaging } from "@plasmohq/messaging"

import type { Conversation } from "./conversation"
import type { ServerPort, ViewRegistry } from "./registry"

/**
 * Builds the handler Plasmo calls for each message on a `popup-connection`
 * port. Replies go to `req.port`, the port that sent the message, never to a
 * port looked up by name, so every view gets its own answers.
 */
export function createPortHandler<P extends ServerPort>(
  registry: ViewRegistry<P>,
  conversation: Conversation<P>
): PlasmoMessaging.PortHandler {
  return (req) => {
    const port = req.port as unknown as P | undefined
    if (!port || !registry.has(port)) {
      // Only a port the gate refused (or a shielded envelope) could get here.
      console.warn("Ignored a message from a port the gate did not admit")
      return
    }
    conversation.handle(port, req.body)
  }
}
