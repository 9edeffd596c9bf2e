import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import * as v from "valibot"

import { defineProtocol } from "../protocol"
import { chatPair } from "../test-support"
import { createPortPair, flushPorts } from "../testing"
import { createPortServer, type PortServerOptions } from "./port-server"
import { memoryStore } from "./stores"

const log = defineProtocol({
  requests: {
    send: { input: v.string(), output: v.object({ text: v.string() }) },
    clearLog: { input: v.null(), output: v.null() }
  }
})

/** A server of `log` whose `send` "slow" waits until the test lets it go. */
function served(options: Partial<PortServerOptions<typeof log>> = {}) {
  const slow: Array<() => void> = []
  const server = createPortServer(log, {
    handlers: {
      send: (text) =>
        text === "slow"
          ? new Promise((done) => slow.push(() => done({ text })))
          : { text },
      clearLog: () => null
    },
    allow: (_peer, message) =>
      message.k === "req" && message.name === "clearLog" ? "not-allowed" : true,
    ...options
  })
  /** A view's port, welcomed, with the welcome left out of `sent`. */
  function view() {
    const pair = createPortPair("log")
    server.accept(pair.server)
    pair.server.onMessage.emit({ k: "hello" }, pair.server)
    pair.server.sent.length = 0
    const send = (id: string, name: string, input: unknown) =>
      pair.client.postMessage({ k: "req", id, name, input })
    return { ...pair, send }
  }
  return { view, slow }
}

const res = (id: string, text: string) => ({ k: "res", id, output: { text } })
const err = (id: string, code: string) => ({ k: "err", id, code })

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

it("answers a view in the order it asked: refusals and bad input wait their turn", async () => {
  const { view, slow } = served()
  const tab = view()
  tab.send("m1", "send", "slow")
  tab.send("m2", "clearLog", null)
  tab.send("m3", "send", 42)
  await flushPorts()
  expect(tab.server.sent).toEqual([])
  slow[0]()
  await flushPorts()
  expect(tab.server.sent).toEqual([
    res("m1", "slow"),
    err("m2", "not-allowed"),
    err("m3", "bad-input")
  ])
})

it('answers as each is given with answerOrder "settled"', async () => {
  const { view, slow } = served({ answerOrder: "settled" })
  const tab = view()
  tab.send("m1", "send", "slow")
  tab.send("m2", "clearLog", null)
  await flushPorts()
  slow[0]()
  await flushPorts()
  expect(tab.server.sent).toEqual([err("m2", "not-allowed"), res("m1", "slow")])
})

it("a re-sent request answered from the store keeps its place", async () => {
  const { view, slow } = served({ store: memoryStore() })
  const tab = view()
  tab.send("r0", "send", "first")
  await flushPorts()
  tab.send("m1", "send", "slow")
  tab.send("r0", "send", "first")
  await flushPorts()
  expect(tab.server.sent).toEqual([res("r0", "first")])
  slow[0]()
  await flushPorts()
  expect(tab.server.sent).toEqual([
    res("r0", "first"),
    res("m1", "slow"),
    res("r0", "first")
  ])
})

it("two views do not wait on each other", async () => {
  const { view, slow } = served()
  const [one, two] = [view(), view()]
  one.send("a1", "send", "slow")
  one.send("a2", "send", "quick")
  two.send("b1", "send", "quick")
  await flushPorts()
  expect(two.server.sent).toEqual([res("b1", "quick")])
  expect(one.server.sent).toEqual([])
  slow[0]()
  await flushPorts()
  expect(one.server.sent).toEqual([res("a1", "slow"), res("a2", "quick")])
})

it("a view that leaves mid-line frees what was held for it", async () => {
  setFlagsFromString("--expose-gc")
  const gc = runInNewContext("gc") as () => void
  const held = new WeakRef({ text: "held" })
  const { view, slow } = served({
    store: { get: () => undefined, set() {} },
    handlers: {
      send: (text) =>
        text === "slow"
          ? new Promise((done) => slow.push(() => done({ text })))
          : (held.deref() as { text: string }),
      clearLog: () => null
    }
  })
  const tab = view()
  tab.send("m1", "send", "slow")
  tab.send("m2", "send", "quick")
  await flushPorts()
  expect(tab.server.sent).toEqual([])
  expect(jest.getTimerCount()).toBe(1)
  tab.client.disconnect()
  await flushPorts()
  expect(jest.getTimerCount()).toBe(0)
  slow[0]()
  await flushPorts()
  expect(tab.server.sent).toEqual([])
  jest.useRealTimers()
  await new Promise((next) => setTimeout(next, 0))
  gc()
  expect(held.deref()).toBeUndefined()
})

it("passes an answer that never comes after answerWaitMs, and posts it late if it does", async () => {
  const { view, slow } = served({ answerWaitMs: 1000 })
  const tab = view()
  tab.send("m1", "send", "slow")
  tab.send("m2", "send", "quick")
  await flushPorts()
  await jest.advanceTimersByTimeAsync(999)
  expect(tab.server.sent).toEqual([])
  await jest.advanceTimersByTimeAsync(1)
  expect(tab.server.sent).toEqual([res("m2", "quick")])
  expect(jest.getTimerCount()).toBe(0)
  slow[0]()
  await flushPorts()
  expect(tab.server.sent).toEqual([res("m2", "quick"), res("m1", "slow")])
})

it("a request the view aborted holds later answers for answerWaitMs, under the view's reply timeout", async () => {
  const { client } = chatPair(() => ({
    handlers: {
      upper: () => new Promise<never>(() => {}),
      count: (n: number) => n + 1
    }
  }))
  const abort = new AbortController()
  const aborted = client.request("upper", { text: "never" }, abort)
  const later = client.request("count", 1)
  const settled = jest.fn()
  void later.then(settled)
  await flushPorts()
  abort.abort()
  await expect(aborted).rejects.toMatchObject({ code: "aborted" })
  await jest.advanceTimersByTimeAsync(9_999)
  expect(settled).not.toHaveBeenCalled()
  await jest.advanceTimersByTimeAsync(1)
  await expect(later).resolves.toBe(2)
})

it("a port the server closes gets the answers given, in order, before it closes", async () => {
  let calls = 0
  const { view } = served({
    allow: (_peer, message) =>
      message.k !== "req"
        ? true
        : ++calls === 3
          ? false
          : calls === 2
            ? "rate-limited"
            : true
  })
  const tab = view()
  tab.send("m1", "send", "slow")
  tab.send("m2", "send", "quick")
  tab.send("m3", "send", "quick")
  await flushPorts()
  expect(tab.server.sent).toEqual([err("m2", "rate-limited")])
  expect(tab.server.closed).toBe(true)
})
