import { config } from "~config"
import { LOG_LIMITS } from "~storage/layout"
import { createSettingsSource, defaultsFrom } from "~storage/settings"

import { createConversationServer } from "./conversation-server"
import { createRefusalLog } from "./refused-senders"
import { ConversationStore } from "./store"
import { tabPorts } from "./tabs"

/** The shared log and the ids already answered, backed by `chrome.storage.session`. */
export const store = new ConversationStore(
  chrome.storage.session,
  LOG_LIMITS,
  (error) => console.error("chrome.storage.session failed", error)
)

/**
 * The user's settings as the worker sees them: read at startup and kept
 * current by `storage.onChanged`. Until the read answers (a few ms after a
 * worker starts) the build's defaults stand in.
 */
const settings = createSettingsSource(chrome.storage.sync, defaultsFrom(config))

/** This worker's one server of the conversation, with its inspector mirror. */
export const conversationServer = createConversationServer({
  store,
  maxTextLength: config.maxMessageLength,
  maxFileBytes: config.maxFileBytes,
  tabs: tabPorts,
  onRefused: createRefusalLog(),
  streamChunkMs: () => settings.getState().settings.streamChunkMs
})

// Start reading the stored state now, so the first message does not wait for it.
store.start()
