import { randomUUID } from "node:crypto"

import { createPortPair, flushPorts, type FakePortEnd } from "../../testing"
import { askClient, askServer } from "./ask-time"

/** The README's wiring of a background: admit, receive, leave. */
function background() {
  const server = askServer<FakePortEnd>(() => "noon")
  const ports: FakePortEnd[] = []
  const open = () => {
    const { client, server: end } = createPortPair("ask")
    ports.push(end)
    server.admit(end)
    end.onMessage.addListener((raw) => server.receive(end, raw))
    end.onDisconnect.addListener(() => server.leave(end))
    return client
  }
  return { open, ports }
}

// jsdom has no crypto.randomUUID; the example uses the browser's.
beforeAll(() => {
  if (typeof crypto.randomUUID !== "function") {
    Object.defineProperty(crypto, "randomUUID", { value: randomUUID })
  }
})
beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

it("asks the background over one port, and asks again after the worker went away", async () => {
  const worker = background()
  const client = askClient(worker.open)
  client.connect()
  client.request("What time is it?")
  await flushPorts()
  expect(client.getState()).toMatchObject({ status: "connected", replied: 1 })

  worker.ports[0].disconnect()
  client.request("And now?")
  await jest.advanceTimersByTimeAsync(0)
  await flushPorts()
  expect(client.getState()).toMatchObject({ status: "connected", replied: 2 })
  expect(worker.ports).toHaveLength(2)

  client.disconnect()
  expect(jest.getTimerCount()).toBe(0)
})
