import { config } from "~config"
import { LOG_LIMITS } from "~storage/layout"

import { createConversationServer } from "./conversation-server"
import { settings } from "./settings"
import { ConversationStore } from "./store"
import { tabPorts } from "./tabs"

/** The shared log and the ids already answered, backed by `chrome.storage.session`. */
export const store = new ConversationStore(
  chrome.storage.session,
  LOG_LIMITS,
  (error) => console.error("chrome.storage.session failed", error)
)

/** This worker's one session server, with the conversation as its handler. */
export const server = createConversationServer<chrome.runtime.Port>({
  store,
  maxTextLength: config.maxMessageLength,
  streamChunkMs: () => settings.getState().settings.streamChunkMs,
  area: chrome.storage.session,
  maxFileBytes: config.maxFileBytes,
  joinTab: tabPorts.joinTab
})

// Start reading the stored state now, so the first message does not wait for it.
store.start()
