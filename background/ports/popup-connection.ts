import { conversation, installConnectionGate, registry } from "../connections"
import { createPortHandler } from "../port-handler"

// Plasmo's generated entry imports this file before it registers its router,
// so installing the gate here puts our onConnect listener first: it refuses
// strangers and shields the router before the router sees a port.
installConnectionGate()

export default createPortHandler(registry, conversation)
