import { createPortServer, sessionStorageStore } from "mv3-port/server"
import { browser } from "wxt/browser"
import { defineBackground } from "wxt/utils/define-background"

import { protocol } from "../protocol"

export default defineBackground(() => {
  const server = createPortServer(protocol, {
    store: sessionStorageStore(), // answers survive the worker stopping
    handlers: { upper: (text) => text.toUpperCase() }
  })
  // Registered as the worker starts, so a view's reconnect wakes it.
  browser.runtime.onConnect.addListener(server.accept)
})
