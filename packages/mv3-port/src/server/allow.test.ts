import * as v from "valibot"

import { defineProtocol } from "../protocol"
import { feedPair } from "../test-support"
import { createPortPair, flushPorts } from "../testing"
import { createPortServer, type PortServerOptions } from "./port-server"

const views = defineProtocol({
  hello: v.object({ view: v.picklist(["page", "tab"]) }),
  requests: {
    send: { input: v.string(), output: v.string() },
    clear: { input: v.null(), output: v.null() }
  }
})

function served(allow: PortServerOptions<typeof views>["allow"]) {
  const ran: string[] = []
  const joined: string[] = []
  const server = createPortServer(views, {
    handlers: {
      send: (text) => (ran.push(text), text),
      clear: () => (ran.push("clear"), null)
    },
    allow,
    onJoin: (peer) => joined.push(peer.meta.view)
  })
  const { client, server: end } = createPortPair("views")
  server.accept(end)
  return { client, end, ran, joined }
}

const hello = (view: string) => ({ k: "hello", data: { view } })
const req = (id: string, name: string, input: unknown) => ({
  k: "req",
  id,
  name,
  input
})

it("refuses a request with the code allow gives; its handler never runs", async () => {
  const port = served((peer, message) =>
    message.k === "req" && message.name === "clear" && peer.meta.view === "tab"
      ? "not-allowed"
      : true
  )
  port.client.postMessage(hello("tab"))
  port.client.postMessage(req("r1", "clear", null))
  port.client.postMessage(req("r2", "send", "hi"))
  await flushPorts()
  expect(port.end.sent).toEqual([
    { k: "welcome" },
    { k: "err", id: "r1", code: "not-allowed" },
    { k: "res", id: "r2", output: "hi" }
  ])
  expect(port.ran).toEqual(["hi"])
})

it("closes the port when allow says false", async () => {
  let count = 0
  const port = served((_, message) => message.k !== "req" || ++count <= 1)
  port.client.postMessage(hello("page"))
  port.client.postMessage(req("r1", "send", "a"))
  port.client.postMessage(req("r2", "send", "b"))
  await flushPorts()
  expect(port.ran).toEqual(["a"])
  expect(port.client.closed).toBe(true)
})

it("judges the hello once it is checked: a view that claims the wrong kind is closed, unwelcomed", async () => {
  const port = served((peer, message) =>
    message.k === "hello" ? peer.meta.view === "page" : true
  )
  port.client.postMessage(hello("tab"))
  await flushPorts()
  expect(port.end.sent).toEqual([])
  expect(port.joined).toEqual([])
  expect(port.client.closed).toBe(true)
})

it("keeps the first hello of a port: a second one changes nothing", async () => {
  const port = served(() => true)
  port.client.postMessage(hello("page"))
  port.client.postMessage(hello("tab"))
  await flushPorts()
  expect(port.end.sent).toEqual([{ k: "welcome" }])
  expect(port.joined).toEqual(["page"])
})

it("refuses a stream with the code allow gives", async () => {
  jest.useFakeTimers()
  try {
    const { client, log } = feedPair(() => ({
      allow: (_, message) => (message.k === "stream" ? "busy" : true)
    }))
    const ticks = client.stream("ticks", 3)
    await expect(ticks.next()).rejects.toMatchObject({ code: "busy" })
    expect(log.yielded).toEqual([])
  } finally {
    jest.useRealTimers()
  }
})
