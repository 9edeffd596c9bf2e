import { createPortServer, sessionStorageStore } from "mv3-port/server"

import { protocol } from "./protocol"

const store = sessionStorageStore() // answers survive the worker stopping
const handlers = { upper: (text: string) => text.toUpperCase() }
const server = createPortServer(protocol, { store, handlers })
chrome.runtime.onConnect.addListener(server.accept)
