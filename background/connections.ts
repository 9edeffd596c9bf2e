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

/** Refused senders already logged, by reason and origin (bounded: see below). */
const refusedSenders = new Set<string>()
const MAX_REFUSED_LOGGED = 100

/** Where a port comes from, as an origin: never a full URL, which a caller could vary at will. */
function senderOrigin(port: Port): string {
  const { origin, url } = port.sender ?? {}
  if (origin) return origin
  try {
    return url ? new URL(url).origin : "unknown sender"
  } catch {
    return "unknown sender"
  }
}

function refuse(port: Port, reason: string): void {
  const who = `${reason}: ${senderOrigin(port)}`
  // Log each refused sender once, not once per attempt, and stop listing
  // new ones past a bound so no caller can grow this set without limit.
  if (!refusedSenders.has(who) && refusedSenders.size <= MAX_REFUSED_LOGGED) {
    refusedSenders.add(who)
    console.warn(
      refusedSenders.size > MAX_REFUSED_LOGGED
        ? `Refused a port (${who}); further refused senders are not logged`
        : `Refused a port (${who})`
    )
  }
  port.disconnect()
  forgetInPlasmoPortMap(port)
}

/**
 * Plasmo's generated router keeps every connecting port in a name-keyed map
 * (`globalThis.__plasmoInternalPortMap`) and never removes one. We never use
 * that map; drop our ports from it once they are gone so it holds no dead
 * ports. Its listener runs after ours, hence the microtask for refused ports.
 */
function forgetInPlasmoPortMap(port: Port): void {
  queueMicrotask(() => {
    const map = (globalThis as { __plasmoInternalPortMap?: Map<string, Port> })
      .__plasmoInternalPortMap
    if (map?.get(port.name) === port) map.delete(port.name)
  })
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
  port.onDisconnect.addListener(forgetInPlasmoPortMap)
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
