// Listeners Chrome must find registered in the worker's first turn, so that
// a shortcut pressed while the worker is stopped wakes it and is heard.
import "./commands"
// The toolbar badge: drops dead views' shares at every start (badge.ts).
import "./badge"

import { PORT_NAME } from "~protocol"

import { refuseOtherPortNames } from "./port-names"
import { conversationServer } from "./server"
import { trustedOnly } from "./storage-access"
import { isOwnExtensionPage } from "./trust"

// At every start: the widget runs in web pages, which must not read
// or write the extension's storage.
trustedOnly(chrome.storage)

// The server itself is handed its ports by the port handler module
// (background/ports/popup-connection.ts), which Plasmo's router imports
// before it registers itself. Every other name is refused here.
refuseOtherPortNames<chrome.runtime.Port>({
  onConnect: chrome.runtime.onConnect,
  served: PORT_NAME,
  isOwnPage: (sender) => isOwnExtensionPage(sender, chrome.runtime.id),
  // A build-time constant: production bundles carry no trace of the dev
  // runtime's port name (the store check looks for one).
  devRuntimePrefix:
    process.env.NODE_ENV === "development" ? "__plasmo_runtime_" : null,
  onRefused: conversationServer.refused
})

console.log("Background service worker started")
