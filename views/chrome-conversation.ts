import { createConversation, type ConversationClient } from "./conversation"
import { createViewClient, type ViewIdentity } from "./view-client"

/** A view of kind `kind` on Chrome's ports, with a fresh id. */
export function createChromeConversation(
  kind: ViewIdentity["kind"]
): ConversationClient {
  const self = { clientId: crypto.randomUUID(), kind }
  return createConversation(createViewClient(self), self)
}
