import { createSessionClient } from ".."
import { flushPorts } from "../../testing"
import {
  advance,
  clientOptions,
  fakeServer,
  protocol,
  setup
} from "./test-support"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe("session client outbox", () => {
  it("queues while connecting and flushes oldest first on the welcome", async () => {
    const { client, server, state } = setup()
    expect(client.request("refused")).toBeNull()
    client.connect()
    client.request("one")
    client.request("two")
    expect(state().items.map((i) => i.state)).toEqual(["queued", "queued"])
    await flushPorts()
    expect(server.posted("req").map((m) => (m as { id: string }).id)).toEqual([
      "m1",
      "m2"
    ])
    expect(state()).toMatchObject({ requested: 2, replied: 2, pending: 0 })
  })

  it("fails data-first: queue full, reply timeout, out of attempts, rejected", async () => {
    const { client, server, state } = setup({
      maxQueued: 1,
      maxSendAttempts: 1
    })
    client.connect()
    await flushPorts()
    server.script.answer = false
    client.request("unanswered")
    client.request("overflow")
    expect(state().items[1].failure).toEqual({ code: "queue-full", limit: 1 })
    await advance(5000)
    expect(state().items[0].failure).toEqual({
      code: "reply-timeout",
      ms: 5000
    })
    client.retry("m1")
    server.stop()
    await advance(0)
    expect(state().items[0]).toMatchObject({
      state: "failed",
      attempts: 1,
      failure: { code: "no-reply-after-attempts", attempts: 1 }
    })
    client.request("rejected")
    await flushPorts()
    server.servers[0].postMessage({ t: "error", id: "m3" })
    await flushPorts()
    expect(state().items[2].failure).toEqual({
      code: "rejected",
      error: { t: "error", id: "m3" }
    })
    expect(state().failed).toBe(3)
  })

  it("times each reply out at its own due time, with one timer for all", async () => {
    const { client, server, state } = setup()
    client.connect()
    await flushPorts()
    server.script.answer = false
    client.request("a")
    await advance(2000)
    client.request("b")
    await advance(1000)
    client.request("c")
    server.servers[0].postMessage({ t: "reply", id: "m1" })
    await advance(1999)
    // The heartbeat and one reply timer, however many wait.
    expect(jest.getTimerCount()).toBe(2)
    const states = () => state().items.map((item) => item.state)
    expect(states()).toEqual(["replied", "sending", "sending"])
    await advance(1)
    expect(states()).toEqual(["replied", "sending", "sending"])
    await advance(2000)
    expect(states()).toEqual(["replied", "failed", "sending"])
    expect(state().items[1].failure).toEqual({
      code: "reply-timeout",
      ms: 5000
    })
    await advance(999)
    expect(states()).toEqual(["replied", "failed", "sending"])
    await advance(1)
    expect(states()).toEqual(["replied", "failed", "failed"])
    expect(jest.getTimerCount()).toBe(1)
  })

  it("charges a drop to the oldest unanswered request only: those behind it keep their attempts", async () => {
    const { client, server, state } = setup({ maxSendAttempts: 2 })
    client.connect()
    await flushPorts()
    server.script.answer = false
    client.request("poison")
    client.request("behind 1")
    client.request("behind 2")
    for (let drop = 0; drop < 2; drop++) {
      server.stop()
      await advance(1000)
    }
    // The oldest was the one being handled at both drops: it is out of
    // attempts. The others were posted three times and are still waiting.
    expect(state().items.map((i) => [i.state, i.attempts])).toEqual([
      ["failed", 2],
      ["sending", 3],
      ["sending", 3]
    ])
    server.script.answer = true
    server.stop()
    await advance(1000)
    expect(state().items.map((i) => i.state)).toEqual([
      "failed",
      "replied",
      "replied"
    ])
  })

  it("charges no attempt for ports that dropped before anything was posted on them", async () => {
    const { client, server, state } = setup({ maxSendAttempts: 2 })
    client.connect()
    await flushPorts()
    server.script.answer = false
    client.request("waiting")
    // One drop with it posted, then reconnects that fail before a welcome.
    server.script.reachable = false
    server.stop()
    await advance(300)
    server.script.reachable = true
    server.script.answer = true
    await advance(1000)
    expect(state().items[0]).toMatchObject({ state: "replied", attempts: 2 })
  })

  it("counts a request answered in parts as answered: its attempts and reply timer start over with each part", async () => {
    const { client, server, state } = setup({ maxSendAttempts: 2 })
    client.connect()
    await flushPorts()
    server.script.answer = false
    client.request("streamed")
    const part = async () => {
      server.servers.at(-1)!.postMessage({ t: "part", id: "m1" })
      await flushPorts()
    }
    // The reply timer (5 s) starts over with each part.
    await advance(4000)
    await part()
    await advance(4000)
    expect(state().items[0].state).toBe("sending")
    // Dropped three times, with a part after each re-send: never out of
    // attempts, though it has been posted more often than the limit.
    for (let drop = 0; drop < 3; drop++) {
      server.stop()
      await advance(1000)
      await part()
    }
    expect(state().items[0]).toMatchObject({ state: "sending", attempts: 4 })
    // Without parts, the limit counts again from the last one: two more
    // posts unanswered, and the next flush fails it.
    for (let drop = 0; drop < 3; drop++) {
      server.stop()
      await advance(1000)
    }
    expect(state().items[0]).toMatchObject({
      state: "failed",
      failure: { code: "no-reply-after-attempts", attempts: 6 }
    })
  })

  it("fails what waits on Disconnect, and Retry re-sends under the same id", async () => {
    const { client, server, state } = setup()
    client.connect()
    client.request("waiting")
    client.disconnect()
    expect(state().items[0]).toMatchObject({
      state: "failed",
      failure: { code: "disconnected" }
    })
    client.retry("m1")
    expect(state().items[0].state).toBe("failed")
    client.connect()
    await flushPorts()
    client.retry("m1")
    await flushPorts()
    expect(state().items[0]).toMatchObject({ id: "m1", state: "replied" })
    expect(server.posted("req").map((m) => (m as { id: string }).id)).toEqual([
      "m1"
    ])
  })

  it("reports each item change with the message that caused it", async () => {
    const seen: Array<[string, string, string | null]> = []
    const server = fakeServer()
    const client = createSessionClient({
      ...clientOptions(server.openPort),
      protocol,
      onItem: (item, message) =>
        seen.push([item.id, item.state, message ? message.t : null])
    })
    client.connect()
    await flushPorts()
    client.request("hi")
    await flushPorts()
    expect(seen).toEqual([
      ["m1", "queued", null],
      ["m1", "sending", null],
      ["m1", "replied", "reply"]
    ])
  })
})
