import { createPlasmoHandler } from "mv3-port/plasmo"

import { PORT_NAME } from "~protocol"

import { conversationServer } from "../server"

// Plasmo's generated router imports this module, so this runs before the
// router registers its own onConnect listener: the server is handed each
// `popup-connection` port first, and the router never reads its messages.
export default createPlasmoHandler(conversationServer.server, {
  onConnect: chrome.runtime.onConnect,
  name: PORT_NAME
})
