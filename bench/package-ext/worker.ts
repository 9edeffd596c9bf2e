// The bench extension's service worker: mv3-port's server on one port name
// and a bare onConnect handler on another, both calling the same `echo`.
import { createPortServer } from "mv3-port/server"

import { echo, tally } from "./echo"
import {
  PACKAGE_PORT,
  protocol,
  RAW_PORT,
  type RawToPage,
  type RawToWorker
} from "./protocol"

// The README's server with its defaults (a memory store of answers).
const server = createPortServer(protocol, {
  name: PACKAGE_PORT,
  handlers: { echo: (input) => echo(input) }
})
chrome.runtime.onConnect.addListener(server.accept)

chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== RAW_PORT) return
  const post = (message: RawToPage) => port.postMessage(message)
  port.onMessage.addListener((message: RawToWorker) => {
    if (message.k === "echo") {
      post({ k: "echoed", id: message.id, output: echo(message.input) })
    } else post({ k: "tally", ...tally(message.run) })
  })
})
