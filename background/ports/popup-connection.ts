import { PORT_NAME } from "~lib/protocol"

import {
  createPlasmoPortHandler,
  installPlasmoPortAdapter
} from "../plasmo-port-adapter"
import { createRefusalLog } from "../refused-senders"
import { server } from "../server"
import { isOwnExtensionPage } from "../trust"

// Plasmo's generated router imports this module, so this runs before the
// router registers its own onConnect listener: ours sees every port first.
installPlasmoPortAdapter<chrome.runtime.Port>({
  onConnect: chrome.runtime.onConnect,
  portName: PORT_NAME,
  server,
  isTrusted: (sender) => isOwnExtensionPage(sender, chrome.runtime.id),
  onRefused: createRefusalLog(),
  devBuild: process.env.NODE_ENV === "development"
})

export default createPlasmoPortHandler(server, () =>
  console.warn("Ignored a message from a port the gate did not admit")
)
