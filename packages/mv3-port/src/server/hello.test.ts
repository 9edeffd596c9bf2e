import * as v from "valibot"

import { createPortClient } from "../client"
import { defineProtocol } from "../protocol"
import { createFakeWorker, createPortPair, flushPorts } from "../testing"
import { createPortServer, type PortServerOptions } from "./port-server"

/** A protocol whose views say which view they are. */
const views = defineProtocol({
  hello: v.object({ view: v.picklist(["popup", "panel"]) }),
  requests: { whoAmI: { input: v.null(), output: v.string() } }
})

function server(hooks: Partial<PortServerOptions<typeof views>> = {}) {
  return createPortServer(views, {
    handlers: { whoAmI: (_, peer) => peer.meta.view },
    ...hooks
  })
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

it("a handler reads what the view said in its hello, on every port it opens", async () => {
  const worker = createFakeWorker(() => server(), "views")
  const client = createPortClient(views, {
    connect: worker.connect,
    hello: { view: "panel" }
  })
  await expect(client.request("whoAmI", null)).resolves.toBe("panel")
  worker.stop()
  const again = client.request("whoAmI", null)
  await jest.advanceTimersByTimeAsync(1000)
  await expect(again).resolves.toBe("panel")
  expect(worker.starts).toBe(2)
})

it("ignores a request before hello: no answer, no handler run", async () => {
  const ran: unknown[] = []
  const served = createPortServer(views, {
    handlers: { whoAmI: (input) => (ran.push(input), "x") }
  })
  const { client, server: end } = createPortPair("views")
  served.accept(end)
  client.postMessage({ k: "req", id: "r1", name: "whoAmI", input: null })
  await flushPorts()
  expect(end.sent).toEqual([])
  expect(ran).toEqual([])
})

it("closes the port of a hello the protocol refuses", async () => {
  const joined: unknown[] = []
  const served = server({
    onJoin: (peer) => joined.push(peer.meta)
  })
  const { client, server: end } = createPortPair("views")
  served.accept(end)
  client.postMessage({ k: "hello", data: { view: "tab" } })
  await flushPorts()
  expect(end.sent).toEqual([])
  expect(end.closed).toBe(true)
  expect(client.closed).toBe(true)
  expect([...served.peers()]).toEqual([])
  expect(joined).toEqual([])
})

it("onJoin and onLeave hear the views that said hello; peers() lists them", async () => {
  const heard: string[] = []
  const served = server({
    onJoin: (peer) => heard.push(`join ${peer.meta.view}`),
    onLeave: (peer) => heard.push(`leave ${peer.meta.view}`)
  })
  const popup = createPortPair("views")
  const silent = createPortPair("views")
  served.accept(popup.server)
  served.accept(silent.server)
  popup.client.postMessage({ k: "hello", data: { view: "popup" } })
  await flushPorts()
  expect([...served.peers()].map((peer) => peer.meta.view)).toEqual(["popup"])
  popup.client.disconnect()
  silent.client.disconnect()
  await flushPorts()
  expect(heard).toEqual(["join popup", "leave popup"])
  expect([...served.peers()]).toEqual([])
})
