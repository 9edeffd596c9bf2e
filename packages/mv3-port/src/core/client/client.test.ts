import {
  backoffDelay,
  createSessionClient,
  type ClientPort,
  type ClientProtocol,
  type SessionClientOptions
} from ".."
import { createPortPair, flushPorts, type FakePortEnd } from "../../testing"

/** A protocol of the tests' own: the session knows nothing of the app's. */
type Out =
  { t: "hello" } | { t: "ping" } | { t: "req"; id: string; body: string }
type In =
  | { t: "welcome" }
  | { t: "pong" }
  | { t: "reply"; id: string }
  | { t: "error"; id: string | null }
  | { t: "news" }
  | { t: "part"; id: string }

const TYPES = ["welcome", "pong", "reply", "error", "news", "part"]

const protocol: ClientProtocol<Out, In, string> = {
  hello: () => ({ t: "hello" }),
  ping: () => ({ t: "ping" }),
  request: (id, body) => ({ t: "req", id, body }),
  parse: (raw) =>
    TYPES.includes((raw as { t?: string } | null)?.t ?? "")
      ? (raw as In)
      : null,
  classify: (message) => {
    switch (message.t) {
      case "welcome":
      case "pong":
        return { kind: message.t }
      case "reply":
        return { kind: "reply", id: message.id }
      case "error":
        return { kind: "error", id: message.id }
      case "part":
        return { kind: "progress", id: message.id }
      default:
        return { kind: "push" }
    }
  }
}

type TestClientOptions<O> = Omit<
  SessionClientOptions<O, unknown, unknown>,
  "protocol" | "onItem" | "keepReplied"
>

/**
 * Small limits and short timings so fake timers reach every state quickly;
 * ids are m1, m2, ... in order.
 */
function clientOptions<O>(
  openPort: () => ClientPort<O>,
  overrides: Partial<TestClientOptions<O>> = {}
): TestClientOptions<O> {
  let ids = 0
  return {
    openPort,
    closePort: (port) => port.disconnect(),
    contextValid: () => true,
    lastError: () => undefined,
    now: () => Date.now(),
    newId: () => `m${++ids}`,
    heartbeatMs: 1000,
    reconnect: { maxAttempts: 4, baseMs: 100, maxMs: 400 },
    maxQueued: 5,
    maxSendAttempts: 3,
    replyTimeoutMs: 5000,
    ...overrides
  }
}

/**
 * The server end, scripted: welcomes a hello, answers a ping and a request;
 * `stop()` drops every port, `reachable = false` makes new ports drop at once.
 */
function fakeServer() {
  const script = {
    reachable: true,
    welcome: true,
    answer: true,
    dropAfterWelcome: false
  }
  const clients: FakePortEnd[] = []
  let servers: FakePortEnd[] = []
  const received: Out[] = []
  const openedAt: number[] = []
  const openPort = (): ClientPort<Out> => {
    openedAt.push(Date.now())
    const { client, server } = createPortPair()
    clients.push(client)
    if (!script.reachable) {
      server.disconnect()
      return client
    }
    servers.push(server)
    server.onMessage.addListener((raw) => {
      const message = raw as Out
      received.push(message)
      if (message.t === "hello" && script.welcome) {
        server.postMessage({ t: "welcome" })
        if (script.dropAfterWelcome) server.disconnect()
      } else if (message.t === "ping" && script.answer) {
        server.postMessage({ t: "pong" })
      } else if (message.t === "req" && script.answer) {
        server.postMessage({ t: "reply", id: message.id })
      }
    })
    return client
  }
  return {
    script,
    clients,
    openedAt,
    openPort,
    get servers() {
      return servers
    },
    /** What the client posted, of one type. */
    posted: (t: Out["t"]) => received.filter((m) => m.t === t),
    stop() {
      for (const server of servers) server.disconnect()
      servers = []
    },
    /** True when no port the client opened still carries a listener of it. */
    noListeners: () =>
      clients.every(
        (c) => !c.onMessage.hasListeners() && !c.onDisconnect.hasListeners()
      )
  }
}

function setup(overrides: Partial<TestClientOptions<Out>> = {}) {
  const server = fakeServer()
  let contextValid = true
  const client = createSessionClient({
    ...clientOptions(server.openPort, {
      contextValid: () => contextValid,
      ...overrides
    }),
    protocol
  })
  return {
    server,
    client,
    state: client.getState,
    invalidateContext: () => (contextValid = false)
  }
}

async function advance(ms: number) {
  await jest.advanceTimersByTimeAsync(ms)
  await flushPorts()
}

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
