import { flushPorts } from "../../testing"
import { advance, setup } from "./test-support"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe("session client disposal: no timer or port listener outlives a state", () => {
  /** A client with an open port, a heartbeat and a request waiting for its reply. */
  async function busy() {
    const setupResult = setup()
    const { client, server } = setupResult
    client.connect()
    await flushPorts()
    server.script.answer = false
    client.request("waiting")
    expect(jest.getTimerCount()).toBeGreaterThan(0)
    return setupResult
  }

  it("after Disconnect", async () => {
    const { client, server } = await busy()
    client.disconnect()
    expect(jest.getTimerCount()).toBe(0)
    expect(server.noListeners()).toBe(true)
    expect(server.clients[0].closed).toBe(true)
  })

  it("after Disconnect during the backoff", async () => {
    const { client, server } = await busy()
    server.script.reachable = false
    server.stop()
    await advance(0)
    expect(client.getState().status).toBe("reconnecting")
    client.disconnect()
    expect(jest.getTimerCount()).toBe(0)
    expect(server.noListeners()).toBe(true)
  })

  it("after Failed (gave up)", async () => {
    const { client, server } = await busy()
    server.script.reachable = false
    server.stop()
    await advance(10_000)
    expect(client.getState().cause?.code).toBe("gave-up")
    expect(jest.getTimerCount()).toBe(0)
    expect(server.noListeners()).toBe(true)
  })

  it("after Failed (context lost)", async () => {
    const { client, server, invalidateContext } = await busy()
    invalidateContext()
    server.stop()
    await flushPorts()
    expect(client.getState().cause?.code).toBe("context-lost")
    expect(jest.getTimerCount()).toBe(0)
    expect(server.noListeners()).toBe(true)
  })

  it("after dispose, while connecting", async () => {
    const { client, server } = setup()
    client.connect()
    expect(jest.getTimerCount()).toBe(1)
    client.dispose()
    expect(jest.getTimerCount()).toBe(0)
    expect(server.noListeners()).toBe(true)
  })

  it("after dispose, while open", async () => {
    const { client, server } = await busy()
    const changes = jest.fn()
    client.subscribe(changes)
    client.dispose()
    expect(jest.getTimerCount()).toBe(0)
    expect(server.noListeners()).toBe(true)
    expect(server.clients[0].closed).toBe(true)
    await advance(60_000)
    expect(changes).not.toHaveBeenCalled()
  })
})
