import { createPortClient } from "./client"
import type { PortError } from "./errors"
import { createPortServer } from "./server/port-server"
import { chat, chatHandlers, chatPair } from "./test-support"
import {
  createFakeWorker,
  createPortPair,
  flushPorts,
  type FakePortEnd
} from "./testing"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Lets deliveries, validators and timers due now run. */
const settle = () => jest.advanceTimersByTimeAsync(0)

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: PortError) => error.code
  )
describe("a lazy client", () => {
  it("opens no port until connect(); what it is asked before rejects with disconnected", async () => {
    const { client, worker } = chatPair(() => ({}), { lazy: true })
    await settle()
    expect(client.status).toBe("disconnected")
    expect(worker.starts).toBe(0)
    await expect(codeOf(client.request("count", 1))).resolves.toBe(
      "disconnected"
    )
    expect(worker.starts).toBe(0)
    client.connect()
    expect(client.status).toBe("connecting")
    await expect(client.request("count", 1)).resolves.toBe(2)
    expect(worker.starts).toBe(1)
  })
})

describe("status and disposal", () => {
  it("goes connecting → connected → reconnecting → connected, telling subscribers", async () => {
    const { client, worker } = chatPair()
    const seen: string[] = []
    const unsubscribe = client.subscribe(() => {
      if (seen.at(-1) !== client.status) seen.push(client.status)
    })
    await settle()
    worker.stop()
    await settle()
    await settle()
    unsubscribe()
    worker.stop()
    await settle()
    expect(seen).toEqual(["connected", "reconnecting", "connected"])
  })

  it("gives state: the attempt while reconnecting and why the port dropped, one object until they change", async () => {
    const { client, worker } = chatPair(() => ({}), { maxAttempts: 2 })
    const first = client.state
    expect(first).toEqual({ status: "connecting", attempt: 0, cause: null })
    // A request changes the session's queue, not the state.
    const reply = client.request("count", 1)
    expect(client.state).toBe(first)
    await settle()
    await reply
    const connected = client.state
    expect(connected).toEqual({ status: "connected", attempt: 0, cause: null })
    expect(client.state).toBe(connected)

    const seen: unknown[] = []
    client.subscribe(() => {
      if (seen.at(-1) !== client.state) seen.push(client.state)
    })
    const cause = { code: "background-disconnected", detail: undefined }
    worker.stop()
    await settle()
    expect(seen[0]).toEqual({ status: "reconnecting", attempt: 1, cause })
    expect(client.state).toEqual({
      status: "connected",
      attempt: 0,
      cause: null
    })

    client.disconnect()
    expect(client.state).toEqual({
      status: "disconnected",
      attempt: 0,
      cause: { code: "you-disconnected" }
    })
    expect(client.state.status).toBe(client.status)
  })

  it("rejects what waits with disconnected, and leaves no timer or listener behind", async () => {
    const ports: FakePortEnd[] = []
    const client = createPortClient(chat, {
      connect: () => {
        const { client: end } = createPortPair("chat")
        ports.push(end)
        return end
      }
    })
    const pending = codeOf(client.request("count", 1))
    client.disconnect()
    await expect(pending).resolves.toBe("disconnected")
    await expect(codeOf(client.request("count", 1))).resolves.toBe(
      "disconnected"
    )
    expect(client.status).toBe("disconnected")
    expect(jest.getTimerCount()).toBe(0)
    expect(ports[0].onMessage.hasListeners()).toBe(false)
    expect(ports[0].onDisconnect.hasListeners()).toBe(false)
  })

  it("gives up after maxAttempts, then reconnects for the next request", async () => {
    let reachable = false
    const worker = createFakeWorker(
      () => createPortServer(chat, { handlers: chatHandlers() }),
      "chat"
    )
    const client = createPortClient(chat, {
      maxAttempts: 2,
      connect: () => {
        const end = worker.connect()
        if (!reachable) end.peer.disconnect()
        return end
      }
    })
    const pending = codeOf(client.request("count", 1))
    await jest.advanceTimersByTimeAsync(10_000)
    expect(client.status).toBe("failed")
    expect(client.state.cause).toMatchObject({
      code: "gave-up",
      attempts: 2,
      last: { code: "background-disconnected" }
    })
    await expect(pending).resolves.toBe("gave-up")
    reachable = true
    await expect(client.request("count", 1)).resolves.toBe(2)
  })

  it("fails with context-lost once the extension is reloaded under the page", async () => {
    const { client, worker } = chatPair()
    await settle()
    const original = globalThis.chrome
    globalThis.chrome = { runtime: {} } as typeof chrome
    try {
      worker.stop()
      await settle()
      expect(client.status).toBe("failed")
      await expect(codeOf(client.request("count", 1))).resolves.toBe(
        "context-lost"
      )
    } finally {
      globalThis.chrome = original
    }
  })
})

describe("events", () => {
  it("reach listeners checked and in order; bad ones and unbound listeners hear nothing", async () => {
    const { client, servers } = chatPair()
    const heard: string[] = []
    const off = client.on("relay", ({ from, text }) =>
      heard.push(`${from}:${text}`)
    )
    await settle()
    const server = servers[0]
    server.emit("relay", { from: "a", text: "1" })
    server.emit("relay", { from: "b" } as never)
    server.emit("relay", { from: "c", text: "3" })
    await settle()
    off()
    server.emit("relay", { from: "d", text: "4" })
    await flushPorts()
    await settle()
    expect(heard).toEqual(["a:1", "c:3"])
  })
})
