import { PORT_NAME } from "~protocol"

import {
  createPlasmoPortHandler,
  installPlasmoPortAdapter
} from "../plasmo-port-adapter"
import { createRefusalLog, senderOrigin } from "../refused-senders"
import { server } from "../server"
import { tabPorts } from "../tabs"
import { isOwnExtensionPage } from "../trust"

const logRefusal = createRefusalLog()

// Plasmo's generated router imports this module, so this runs before the
// router registers its own onConnect listener: ours sees every port first.
installPlasmoPortAdapter<chrome.runtime.Port>({
  onConnect: chrome.runtime.onConnect,
  portName: PORT_NAME,
  server,
  isTrusted: (sender) => isOwnExtensionPage(sender, chrome.runtime.id),
  // A tab's content script: admitted once its injection record is read.
  gateOther: tabPorts.gateOther,
  meter: tabPorts.meter,
  onLeft: tabPorts.onLeft,
  onRefused(sender, reason) {
    logRefusal(sender, reason)
    server.inspector.refused(reason, senderOrigin(sender))
  },
  // A build-time constant: production bundles carry no trace of the dev
  // runtime's port name (the store check looks for one).
  devRuntimePrefix:
    process.env.NODE_ENV === "development" ? "__plasmo_runtime_" : null
})

export default createPlasmoPortHandler(server, () =>
  console.warn("Ignored a message from a port the gate did not admit")
)
