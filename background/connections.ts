import { config } from "~lib/config"
import { PORT_NAME } from "~lib/protocol"

import { createConversation } from "./conversation"
import { admitPort } from "./gate"
import { ViewRegistry } from "./registry"
import { ConversationStore } from "./store"
import { isOwnExtensionPage } from "./trust"

type Port = chrome.runtime.Port

/** Connected views of this worker's lifetime (a cache: views reconnect after a restart). */
export const registry = new ViewRegistry<Port>()

/** The shared log and the ids already answered, backed by `chrome.storage.session`. */
export const store = new ConversationStore(
  chrome.storage.session,
  { maxEntries: 500, pruneSlack: 50 },
  (error) => console.error("chrome.storage.session failed", error)
)

export const conversation = createConversation({
  registry,
  store,
  maxTextLength: config.maxMessageLength
})

const refusedSenders = new Set<string>()

function refuse(port: Port, reason: string): void {
  const who = `${reason}: ${port.sender?.origin ?? port.sender?.url ?? "unknown sender"}`
  // Log each refused sender once, not once per attempt.
  if (!refusedSenders.has(who)) {
    refusedSenders.add(who)
    console.warn(`Refused a port (${who})`)
  }
  port.disconnect()
}

/**
 * In `plasmo dev` builds every page opens a port of Plasmo's own
 * (`__plasmo_runtime_page_<id>__`) and reloads itself whenever that port
 * drops, so refusing it sends the popup into a reload loop. Production builds
 * have no such port and refuse the name like any other.
 */
const isPlasmoDevRuntimePort = (port: Port): boolean =>
  process.env.NODE_ENV === "development" &&
  port.name.startsWith("__plasmo_runtime_") &&
  isOwnExtensionPage(port.sender, chrome.runtime.id)

function onConnect(port: Port): void {
  if (isPlasmoDevRuntimePort(port)) return
  if (port.name !== PORT_NAME) return refuse(port, `unknown port name`)
  if (!isOwnExtensionPage(port.sender, chrome.runtime.id)) {
    return refuse(port, "not one of this extension's pages")
  }
  admitPort(port, registry, conversation)
}

let installed = false

/**
 * Installs the connection gate. It must run before Plasmo's router registers
 * its own onConnect listener, which is why the port handler imports this
 * module: Plasmo's generated entry imports the handler before it registers.
 */
export function installConnectionGate(): void {
  if (installed) return
  installed = true
  chrome.runtime.onConnect.addListener(onConnect)
  // Start reading the stored log now, so the first message does not wait for it.
  void store.load()
}
