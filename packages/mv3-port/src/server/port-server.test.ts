import { chat, chatHandlers, chatPair } from "../test-support"
import {
  createFakeStorageArea,
  createPortPair,
  flushPorts,
  type FakePortEnd,
  type FakeStorageArea
} from "../testing"
import { createPortServer } from "./port-server"
import { sessionStorageStore } from "./session-storage-store"
import { memoryStore, type AnswerStore } from "./stores"

/** A port of `name` that `server` accepted and welcomed (its welcome is left out of `sent`). */
function greeted(server: { accept(port: FakePortEnd): void }, name = "chat") {
  const pair = createPortPair(name)
  server.accept(pair.server)
  pair.server.onMessage.emit({ k: "hello" }, pair.server)
  pair.server.sent.length = 0
  return pair
}

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/**
 * Wraps each worker's store so that the worker stops right after the first
 * answer is remembered, before it is posted: the reply is lost with the
 * port, and the view re-sends the request to a fresh worker.
 */
function stopAfterFirstAnswer(stop: () => void) {
  let stopped = false
  return (store: AnswerStore): AnswerStore => ({
    get: (id) => store.get(id),
    async set(id, answer) {
      await store.set(id, answer)
      if (!stopped) stop()
      stopped = true
    }
  })
}

describe("exactly once", () => {
  let area: FakeStorageArea
  beforeEach(() => (area = createFakeStorageArea()))

  it("with sessionStorageStore: a request whose reply was lost with the worker runs once", async () => {
    const wrap = stopAfterFirstAnswer(() => worker.stop())
    const { client, worker, runs } = chatPair(() => ({
      store: wrap(sessionStorageStore({ area }))
    }))
    const reply = client.request("upper", { text: "once" })
    await jest.advanceTimersByTimeAsync(1000)
    await expect(reply).resolves.toEqual({ text: "ONCE" })
    expect(worker.starts).toBe(2)
    expect(runs).toEqual(["once"])
  })

  it("with memoryStore: a re-send over a new port to the same worker runs once", async () => {
    const wrap = stopAfterFirstAnswer(() => worker.dropPorts())
    const { client, worker, runs } = chatPair(() => ({
      store: wrap(memoryStore())
    }))
    const reply = client.request("upper", { text: "once" })
    await jest.advanceTimersByTimeAsync(1000)
    await expect(reply).resolves.toEqual({ text: "ONCE" })
    expect(worker.starts).toBe(1)
    expect(runs).toEqual(["once"])
  })

  it("with memoryStore: what the worker remembered is gone with it (the reason for sessionStorageStore)", async () => {
    const wrap = stopAfterFirstAnswer(() => worker.stop())
    const { client, worker, runs } = chatPair(() => ({
      store: wrap(memoryStore())
    }))
    const reply = client.request("upper", { text: "twice" })
    await jest.advanceTimersByTimeAsync(1000)
    await expect(reply).resolves.toEqual({ text: "TWICE" })
    expect(runs).toEqual(["twice", "twice"])
  })

  it("answers a duplicate that arrives while the handler runs, without running it again", async () => {
    let finish = () => {}
    const runs: number[] = []
    const server = createPortServer(chat, {
      handlers: {
        ...chatHandlers(),
        count: (n) =>
          new Promise<number>((resolve) => {
            runs.push(n)
            finish = () => resolve(n + 1)
          })
      }
    })
    const first = greeted(server)
    const second = greeted(server)
    const request = { k: "req", id: "r1", name: "count", input: 1 }
    first.client.postMessage(request)
    await flushPorts()
    second.client.postMessage(request)
    await flushPorts()
    finish()
    await flushPorts()
    expect(runs).toEqual([1])
    const answer = { k: "res", id: "r1", output: 2 }
    expect(first.server.sent).toEqual([answer])
    expect(second.server.sent).toEqual([answer])
  })

  it("answers when the store fails, and reports what it threw", async () => {
    const errors: unknown[] = []
    const runs: string[] = []
    const server = createPortServer(chat, {
      handlers: chatHandlers(runs),
      store: {
        get: () => Promise.reject(new Error("read")),
        set() {
          throw new Error("write")
        }
      },
      onError: (error) => errors.push(error)
    })
    const { client, server: end } = greeted(server)
    client.postMessage({
      k: "req",
      id: "r1",
      name: "upper",
      input: { text: "a" }
    })
    await flushPorts()
    expect(end.sent).toEqual([{ k: "res", id: "r1", output: { text: "A" } }])
    expect(runs).toEqual(["a"])
    expect(errors.map((e) => (e as Error).message)).toEqual(["read", "write"])
  })

  it("answers in the call that received it: default store, a guard, a plain handler", () => {
    const server = createPortServer(chat, { handlers: chatHandlers() })
    const { server: end } = greeted(server)
    end.onMessage.emit({ k: "req", id: "r1", name: "count", input: 1 }, end)
    expect(end.sent).toEqual([{ k: "res", id: "r1", output: 2 }])
  })

  it("sessionStorageStore keeps only the newest answers", async () => {
    const store = sessionStorageStore({ area, limit: 2 })
    for (const id of ["a", "b", "c"]) {
      await store.set(id, { k: "res", id, output: id })
    }
    expect(await store.get("a")).toBeUndefined()
    expect(await store.get("c")).toEqual({ k: "res", id: "c", output: "c" })
    expect([...area.data.keys()].sort()).toEqual([
      "mv3-port:a:b",
      "mv3-port:a:c",
      "mv3-port:ids"
    ])
  })
})

describe("what arrives", () => {
  function served(name = "chat") {
    const runs: string[] = []
    const server = createPortServer(chat, {
      handlers: chatHandlers(runs),
      name: "chat"
    })
    const { client, server: end } = greeted(server, name)
    return { client, end, runs }
  }

  const sparse: unknown[] = []
  sparse.length = 2 ** 32 - 1
  const cycle: Record<string, unknown> = {}
  cycle.self = cycle

  it.each([
    ["a string", "hello", null],
    ["an array", [{ k: "hello" }], null],
    ["a Map", new Map([["k", "hello"]]), null],
    ["no id", { k: "req", name: "upper", input: {} }, null],
    ["a lone surrogate in the id", { k: "req", id: "\ud800", name: "x" }, null],
    ["an id too long", { k: "req", id: "x".repeat(129), name: "x" }, null]
  ])("answers %s with bad-request", async (_, message, id) => {
    const { client, end } = served()
    client.postMessage(message)
    await flushPorts()
    expect(end.sent).toEqual([{ k: "err", id, code: "bad-request" }])
  })

  it.each([
    ["a sparse array of length 2³²−1", sparse],
    ["a cycle", cycle],
    ["a Date", new Date(0)],
    ["a Map", new Map()]
  ])("answers input that is %s with bad-input, cheaply", async (_, input) => {
    const { end, runs } = served()
    // The fake port copies messages as JSON-like data; these must arrive as they are.
    end.onMessage.emit({ k: "req", id: "r1", name: "upper", input }, end)
    await flushPorts()
    expect(end.sent).toEqual([{ k: "err", id: "r1", code: "bad-input" }])
    expect(runs).toEqual([])
  })

  it("leaves ports of another name to other listeners", async () => {
    const { client, end } = served("other")
    client.postMessage({ k: "hello" })
    await flushPorts()
    expect(end.sent).toEqual([])
    expect(end.onMessage.hasListeners()).toBe(false)
  })
})
