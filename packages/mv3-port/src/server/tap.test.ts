import { chat, chatHandlers } from "../test-support"
import { createPortPair, flushPorts } from "../testing"
import type { PortTap } from "./peer"
import { createPortServer } from "./port-server"

function tapped() {
  const heard: string[] = []
  const server = createPortServer(chat, { handlers: chatHandlers() })
  const tap: PortTap = {
    received: (peer, message) =>
      heard.push(
        `in ${message.k} ${peer.meta === null ? "anonymous" : "known"}`
      ),
    unreadable: (_, id) => heard.push(`unreadable ${id}`),
    posted: (_, message) => heard.push(`out ${message.k}`)
  }
  const { client, server: end } = createPortPair("chat")
  server.accept(end)
  return { heard, server, client, tap }
}

it("hears what arrives as read, what is posted, and broadcasts, while it is set", async () => {
  const { heard, server, client, tap } = tapped()
  server.tap(tap)
  client.postMessage({ k: "hello" })
  client.postMessage({ k: "req", id: "r1", name: "count", input: 1 })
  client.postMessage("not ours")
  await flushPorts()
  server.emit("relay", { from: "a", text: "b" })
  expect(heard).toEqual([
    "in hello anonymous",
    "out welcome",
    "in req known",
    "out res",
    "unreadable null",
    "out err",
    "out event"
  ])
  heard.length = 0
  server.tap(null)
  client.postMessage({ k: "req", id: "r2", name: "count", input: 2 })
  await flushPorts()
  server.emit("relay", { from: "a", text: "b" })
  expect(heard).toEqual([])
})
