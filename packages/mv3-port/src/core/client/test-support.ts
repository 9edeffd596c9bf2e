/**
 * What the session client's tests share: a protocol of their own (the
 * session knows nothing of the app's), small limits and short timings so
 * fake timers reach every state quickly, and a scripted server end.
 */
import { jest } from "@jest/globals"

import {
  createSessionClient,
  type ClientPort,
  type ClientProtocol,
  type SessionClientOptions
} from ".."
import { createPortPair, flushPorts, type FakePortEnd } from "../../testing"

/** A protocol of the tests' own: the session knows nothing of the app's. */
export type Out =
  { t: "hello" } | { t: "ping" } | { t: "req"; id: string; body: string }
type In =
  | { t: "welcome" }
  | { t: "pong" }
  | { t: "reply"; id: string }
  | { t: "error"; id: string | null }
  | { t: "news" }
  | { t: "part"; id: string }

const TYPES = ["welcome", "pong", "reply", "error", "news", "part"]

export const protocol: ClientProtocol<Out, In, string> = {
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
        return { k: message.t }
      case "reply":
        return { k: "res", id: message.id }
      case "error":
        return { k: "err", id: message.id }
      case "part":
        return { k: "progress", id: message.id }
      default:
        return { k: "event" }
    }
  }
}

export type TestClientOptions<O> = Omit<
  SessionClientOptions<O, unknown, unknown>,
  "protocol" | "onItem" | "keepReplied"
>

/**
 * Small limits and short timings so fake timers reach every state quickly;
 * ids are m1, m2, ... in order.
 */
export function clientOptions<O>(
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
export function fakeServer() {
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

export function setup(overrides: Partial<TestClientOptions<Out>> = {}) {
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

export async function advance(ms: number) {
  await jest.advanceTimersByTimeAsync(ms)
  await flushPorts()
}
