import { backoffDelay } from ".."
import { flushPorts } from "../../testing"
import { advance, setup } from "./test-support"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe("session client lifecycle", () => {
  it("connects, opens on the welcome, and sends nothing before it", async () => {
    const { client, server, state } = setup()
    expect(state()).toMatchObject({ status: "disconnected", accepting: false })
    client.connect()
    expect(state()).toMatchObject({ status: "connecting", accepting: true })
    expect(client.post({ t: "ping" })).toBe(false)
    await flushPorts()
    expect(state()).toMatchObject({ status: "connected", cause: null })
    expect(server.posted("hello")).toHaveLength(1)
  })

  it("reports causes as data: a drop with the browser's detail, then a reconnect", async () => {
    let detail: string | undefined = "Worker stopped"
    const { client, server, state } = setup({ lastError: () => detail })
    client.connect()
    await flushPorts()
    server.stop()
    await flushPorts()
    expect(state()).toMatchObject({
      status: "reconnecting",
      attempt: 1,
      cause: { code: "background-disconnected", detail: "Worker stopped" }
    })
    detail = undefined
    await advance(0)
    expect(state().status).toBe("connected")
  })

  it("backs off (immediate, then doubling, capped) and gives up with the last cause", async () => {
    const { client, server, state } = setup()
    client.connect()
    await flushPorts()
    server.script.reachable = false
    server.stop()
    await flushPorts()
    const droppedAt = Date.now()
    await advance(10_000)
    expect(server.openedAt.slice(1).map((t) => t - droppedAt)).toEqual([
      0, 100, 300, 700
    ])
    expect(backoffDelay(1, 100, 400)).toBe(0)
    expect(backoffDelay(9, 100, 400)).toBe(400)
    expect(state()).toMatchObject({
      status: "failed",
      attempt: 0,
      accepting: false,
      cause: {
        code: "gave-up",
        attempts: 4,
        last: { code: "background-disconnected" }
      }
    })
  })

  it("goes to failed at once when the context is lost, opening no port", async () => {
    const { client, server, state, invalidateContext } = setup()
    invalidateContext()
    client.connect()
    await advance(10_000)
    expect(state()).toMatchObject({
      status: "failed",
      cause: { code: "context-lost" }
    })
    expect(server.clients).toHaveLength(0)
  })

  it("counts a connect that throws as a failed attempt, keeping what it threw", async () => {
    const error = new Error("Could not establish connection")
    const { client, state } = setup({
      openPort: () => {
        throw error
      }
    })
    client.connect()
    expect(state()).toMatchObject({
      status: "reconnecting",
      attempt: 1,
      cause: { code: "open-failed", error }
    })
  })

  it("resets the attempt count only once an open port answered", async () => {
    const { client, server, state } = setup()
    client.connect()
    await flushPorts()
    server.stop()
    await flushPorts()
    await advance(0)
    server.stop()
    await flushPorts()
    expect(state()).toMatchObject({ status: "reconnecting", attempt: 2 })
    await advance(100)
    await advance(1000) // the heartbeat's pong proves the port
    server.stop()
    await flushPorts()
    expect(state()).toMatchObject({ status: "reconnecting", attempt: 1 })
  })

  it("ignores a second welcome on a live port (one heartbeat)", async () => {
    const { client, server } = setup()
    client.connect()
    await flushPorts()
    server.servers[0].postMessage({ t: "welcome" })
    await flushPorts()
    await advance(3500)
    expect(server.posted("ping")).toHaveLength(3)
  })

  it("gives listeners every parsed message, before the session acts on it, and drops malformed ones", async () => {
    const { client, server } = setup()
    const heard: Array<[string, string]> = []
    client.listen((message) =>
      heard.push([message.t, client.getState().status])
    )
    client.connect()
    await flushPorts()
    server.servers[0].postMessage({ t: "news" })
    server.servers[0].postMessage({ nonsense: true })
    await flushPorts()
    expect(heard).toEqual([
      ["welcome", "connecting"],
      ["news", "connected"]
    ])
  })
})
