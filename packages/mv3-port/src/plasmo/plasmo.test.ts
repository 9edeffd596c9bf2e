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
import { createPortPair, flushPorts, type FakePortEnd } from "../testing"

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
