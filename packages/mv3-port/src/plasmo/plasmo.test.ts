import * as v from "valibot"

import { createPlasmoHandler, type PlasmoPortRequest } from "."
import { createPortClient } from "../client"
import { defineProtocol } from "../protocol"
import { createPortServer } from "../server/port-server"
import { createStreamServer } from "../server/stream-server"
import { createStreamClient } from "../streams/client"
import {
  chat,
  chatHandlers,
  feedHandlers,
  feeds,
  type FeedLog
} from "../test-support"
import {
  createPortPair,
  FakeEvent,
  flushPorts,
  type FakePortEnd
} from "../testing"

/**
 * What Plasmo 0.90.5's generated router does with every connecting port
 * (the template in cli/plasmo/src/features/background-service-worker/bgsw-messaging.ts).
 */
function plasmoRouter(handler: (request: PlasmoPortRequest) => void) {
  return (port: FakePortEnd) =>
    port.onMessage.addListener((request) =>
      handler({ port, ...(request as object) })
    )
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

function plasmoWorker() {
  const runs: string[] = []
  const server = createPortServer(chat, { handlers: chatHandlers(runs) })
  const route = plasmoRouter(createPlasmoHandler(server))
  const ends: FakePortEnd[] = []
  const connect = () => {
    const pair = createPortPair("chat")
    ends.push(pair.server)
    route(pair.server)
    return pair.client
  }
  return { connect, ends, runs }
}

it("serves requests through Plasmo's router, and again after the port dropped", async () => {
  const worker = plasmoWorker()
  const client = createPortClient(chat, { connect: worker.connect })
  await expect(client.request("upper", { text: "hi" })).resolves.toEqual({
    text: "HI"
  })
  worker.ends[0].disconnect()
  const again = client.request("count", 1)
  await jest.advanceTimersByTimeAsync(1000)
  await expect(again).resolves.toBe(2)
  expect(worker.runs).toEqual(["hi"])
})

it.each([
  ["a string (spread into one key per character)", "hello"],
  ["a message that names its own port", { k: "hello", port: "fake" }]
])("does not trust %s", async (_, message) => {
  const worker = plasmoWorker()
  const view = worker.connect()
  view.postMessage(message)
  await flushPorts()
  const answers = worker.ends[0].sent
  expect(answers).toEqual(
    typeof message === "string"
      ? [{ k: "err", id: null, code: "bad-request" }]
      : []
  )
})

it("carries a hello, a stream and an upload through the router", async () => {
  const greeting = defineProtocol({
    hello: v.object({ view: v.string() }),
    requests: { whoAmI: { input: v.null(), output: v.string() } }
  })
  const server = createPortServer(greeting, {
    handlers: { whoAmI: (_, peer) => peer.meta.view }
  })
  const route = plasmoRouter(createPlasmoHandler(server))
  const client = createPortClient(greeting, {
    hello: { view: "panel" },
    connect: () => {
      const pair = createPortPair("greeting")
      route(pair.server)
      return pair.client
    }
  })
  await expect(client.request("whoAmI", null)).resolves.toBe("panel")

  const log: FeedLog = { yielded: [], ended: [], gate: async () => {} }
  const feedServer = createStreamServer(feeds, {
    handlers: {},
    ...feedHandlers(log)
  })
  const feedRoute = plasmoRouter(createPlasmoHandler(feedServer))
  const feedClient = createStreamClient(feeds, {
    connect: () => {
      const pair = createPortPair("feeds")
      feedRoute(pair.server)
      return pair.client
    }
  })
  const ticks: number[] = []
  for await (const tick of feedClient.stream("ticks", 3)) ticks.push(tick)
  expect(ticks).toEqual([0, 1, 2])
  const sink = feedClient.upload("file", { name: "a.txt" })
  await sink.write("ab")
  await expect(sink.close()).resolves.toEqual({ name: "a.txt", text: "ab" })
})

describe("with onConnect: ahead of Plasmo's router", () => {
  type PortMap = Map<string, unknown>
  const global = globalThis as { __plasmoInternalPortMap?: PortMap }
  afterEach(() => delete global.__plasmoInternalPortMap)

  /**
   * Plasmo 0.90.5's generated router, as in the template
   * (cli/plasmo/src/features/background-service-worker/bgsw-messaging.ts):
   * its module creates the map, then listens on onConnect after the
   * handler modules it imports have run (so after our listener); for every
   * port of any name it keeps the port in the map and, for a name with a
   * handler, spreads each message into that handler's request. `heard`
   * names the port of each message its listener got. A flood is recorded
   * there but not spread: the real spread would run this test out of
   * memory, where a regression should fail at once.
   */
  function installRouter(
    onConnect: FakeEvent<(port: FakePortEnd) => void>,
    handlers: Record<string, (request: PlasmoPortRequest) => void>
  ) {
    const map: PortMap = new Map()
    const heard: string[] = []
    global.__plasmoInternalPortMap = map
    onConnect.addListener((port) => {
      global.__plasmoInternalPortMap!.set(port.name, port)
      port.onMessage.addListener((request) => {
        heard.push(port.name)
        if (typeof request === "string" && request.length > 1e6) return
        const handler = handlers[port.name]
        if (handler) handler({ port, ...(request as object) })
      })
    })
    return { map, heard }
  }

  function guardedWorker(admit?: () => boolean) {
    const onConnect = new FakeEvent<(port: FakePortEnd) => void>()
    const server = createPortServer(chat, {
      handlers: chatHandlers(),
      ...(admit && { admit })
    })
    // background/ports/chat.ts runs first: its default export is the router's handler.
    const chatHandler = jest.fn(
      createPlasmoHandler(server, { onConnect, name: "chat" })
    )
    const otherHandler = jest.fn()
    const { map, heard } = installRouter(onConnect, {
      chat: chatHandler,
      other: otherHandler
    })
    const connect = (name = "chat") => {
      const pair = createPortPair(name)
      onConnect.emit(pair.server)
      return pair
    }
    return { connect, map, heard, chatHandler, otherHandler }
  }

  it("keeps a 10-million-character string from the router's spread, and answers requests", async () => {
    const worker = guardedWorker()
    const flood = worker.connect()
    flood.client.postMessage("x".repeat(10_000_000))
    await flushPorts()
    expect(flood.server.sent).toEqual([
      { k: "err", id: null, code: "bad-request" }
    ])

    const client = createPortClient(chat, {
      connect: () => worker.connect().client
    })
    await expect(client.request("upper", { text: "hi" })).resolves.toEqual({
      text: "HI"
    })
    expect(worker.heard).toEqual([])
    expect(worker.chatHandler).not.toHaveBeenCalled()
  })

  it("leaves the ports the server does not admit unread, by the router too", async () => {
    const worker = guardedWorker(() => false)
    const { client, server } = worker.connect()
    client.postMessage({ k: "hello" })
    await flushPorts()
    expect(server.sent).toEqual([])
    expect(worker.heard).toEqual([])
    expect(worker.chatHandler).not.toHaveBeenCalled()
  })

  it("leaves ports of other names to the router", async () => {
    const worker = guardedWorker()
    const { client, server } = worker.connect("other")
    client.postMessage({ k: "hello", text: "hi" })
    await flushPorts()
    expect(worker.heard).toEqual(["other"])
    expect(worker.otherHandler).toHaveBeenCalledWith({
      port: server,
      k: "hello",
      text: "hi"
    })
    expect(server.sent).toEqual([])
    client.disconnect()
    await flushPorts()
    // Plasmo's own behaviour on other names is untouched.
    expect(worker.map.get("other")).toBe(server)
  })

  it("takes each port of its name out of Plasmo's map when it disconnects", async () => {
    const worker = guardedWorker()
    const first = worker.connect()
    const second = worker.connect()
    expect(worker.map.get("chat")).toBe(second.server)
    // An older port leaving does not take the newer one out.
    first.client.disconnect()
    await flushPorts()
    expect(worker.map.get("chat")).toBe(second.server)
    second.client.disconnect()
    await flushPorts()
    expect(worker.map.has("chat")).toBe(false)
  })
})
