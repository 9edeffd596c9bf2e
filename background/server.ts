import { config } from "~lib/config"

import { createConversationServer } from "./conversation"
import { ConversationStore } from "./store"

/** The shared log and the ids already answered, backed by `chrome.storage.session`. */
export const store = new ConversationStore(
  chrome.storage.session,
  { maxEntries: 500, pruneSlack: 50 },
  (error) => console.error("chrome.storage.session failed", error)
)

/** This worker's one session server, with the conversation as its handler. */
export const server = createConversationServer<chrome.runtime.Port>({
  store,
  maxTextLength: config.maxMessageLength
})

// Start reading the stored log now, so the first message does not wait for it.
void store.load()
