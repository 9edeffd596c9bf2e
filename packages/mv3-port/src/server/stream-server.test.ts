import { createStreamClient } from "../streams/client"
import { feedHandlers, feeds, type FeedLog } from "../test-support"
import { createFakeWorker, createPortPair, flushPorts } from "../testing"
import { createPortServer } from "./port-server"
import { createStreamServer } from "./stream-server"
import type { UploadHandlers } from "./uploads"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

describe("a worker served by createPortServer alone (no createStreamServer)", () => {
  function client() {
    const worker = createFakeWorker(
      () => createPortServer(feeds, { handlers: {} }),
      "feeds"
    )
    return createStreamClient(feeds, { connect: worker.connect })
  }

  it("fails a stream at once with unknown-stream", async () => {
    const ticks = client().stream("ticks", 3)
    await expect(ticks.next()).rejects.toMatchObject({ code: "unknown-stream" })
  })

  it("fails an upload at once with unknown-upload", async () => {
    const sink = client().upload("file", { name: "a.txt" })
    await expect(sink.close()).rejects.toMatchObject({ code: "unknown-upload" })
  })
})

/** A stream server on a raw port pair, said hello to; what it posted since is in `end.sent`. */
function served(uploads?: UploadHandlers<typeof feeds>) {
  const handlers = feedHandlers({
    yielded: [],
    ended: [],
    gate: async () => {}
  })
  const server = createStreamServer(feeds, {
    handlers: {},
    ...handlers,
    uploads: uploads ?? handlers.uploads
  })
  const { client, server: end } = createPortPair("feeds")
  server.accept(end)
  end.onMessage.emit({ k: "hello" }, end)
  end.sent.length = 0
  return { client, end }
}

describe("a stream message for no stream of this view", () => {
  it("is answered with stream-closed", async () => {
    const { client, end } = served()
    const grant = { type: "stream-grant", id: "nope", next: 0, upTo: 4 }
    client.postMessage({ k: "st", m: grant })
    await flushPorts()
    expect(end.sent).toEqual([
      {
        k: "st",
        m: { type: "stream-error", id: "nope", code: "stream-closed" }
      }
    ])
  })

  it("is not answered when it is itself an error", async () => {
    const { client, end } = served()
    const error = { type: "stream-error", id: "nope", code: "stream-closed" }
    client.postMessage({ k: "st", m: error })
    await flushPorts()
    expect(end.sent).toEqual([])
  })
})

describe("an upload whose handler says where it stands", () => {
  const open = { k: "upload", id: "u1", name: "file", input: { name: "a" } }
  const st = (m: object) => ({ k: "st", m: { id: "u1", ...m } })

  it("grants nothing until the handler's position, then from there", async () => {
    let position!: (index: number) => void
    const { client, end } = served({
      async file({ name }, chunks) {
        let text = ""
        const from = await new Promise<number>((r) => (position = r))
        for await (const chunk of chunks.from(from)) text += chunk
        return { name, text }
      }
    })
    client.postMessage(open)
    await flushPorts(100)
    expect(end.sent).toEqual([])
    position(3)
    await flushPorts(100)
    expect(end.sent).toEqual([st({ type: "stream-grant", next: 3, upTo: 11 })])
    client.postMessage(st({ type: "stream-chunk", index: 3, data: "d" }))
    client.postMessage(st({ type: "stream-end", count: 4 }))
    await flushPorts(100)
    expect(end.sent).toContainEqual({
      k: "res",
      id: "u1",
      output: { name: "a", text: "d" }
    })
  })

  it("fails with read-failed when it asks for a position after reading", async () => {
    const { client, end } = served({
      async file({ name }, chunks) {
        for await (const chunk of chunks) return { name, text: chunk }
        chunks.from(1)
        return { name, text: "" }
      }
    })
    client.postMessage(open)
    client.postMessage(st({ type: "stream-end", count: 0 }))
    await flushPorts(100)
    expect(end.sent).toContainEqual(
      st({ type: "stream-cancel", code: "read-failed", kept: 0 })
    )
  })
})

describe("an upload that is over", () => {
  const open = { k: "upload", id: "u2", name: "file", input: { name: "b" } }
  const st = (m: object) => ({ k: "st", m: { id: "u2", ...m } })

  it("answers a message about it after its done with stream-closed", async () => {
    const { client, end } = served({
      async file({ name }, chunks) {
        let text = ""
        for await (const chunk of chunks) text += chunk
        return { name, text }
      }
    })
    client.postMessage(open)
    client.postMessage(st({ type: "stream-chunk", index: 0, data: "x" }))
    client.postMessage(st({ type: "stream-end", count: 1 }))
    await flushPorts(100)
    expect(end.sent).toContainEqual(st({ type: "stream-done", count: 1 }))
    end.sent.length = 0
    client.postMessage(st({ type: "stream-cancel", code: "late" }))
    await flushPorts(100)
    expect(end.sent).toEqual([
      st({ type: "stream-error", code: "stream-closed" })
    ])
  })
})

it("a view whose upload was answered with every chunk sends nothing more about it", async () => {
  const log: FeedLog = { yielded: [], ended: [], gate: async () => {} }
  const seen: string[] = []
  const worker = createFakeWorker(() => {
    const server = createStreamServer(feeds, {
      handlers: {},
      ...feedHandlers(log)
    })
    server.tap({
      received: (_, message) =>
        void seen.push(message.k === "st" ? message.m.type : message.k),
      unreadable: () => {},
      posted: (_, message) =>
        void seen.push(`-> ${message.k === "st" ? message.m.type : message.k}`)
    })
    return server
  }, "feeds")
  const client = createStreamClient(feeds, { connect: worker.connect })
  const sink = client.upload("file", { name: "c" })
  void sink.write("x")
  const output = sink.close()
  await jest.advanceTimersByTimeAsync(100)
  await expect(output).resolves.toEqual({ name: "c", text: "x" })
  await jest.advanceTimersByTimeAsync(100)
  expect(seen.slice(seen.indexOf("-> res"))).toEqual([
    "-> res",
    "-> stream-done"
  ])
})

it("a stream handler that throws its signal's reason after a cancel is no failure", async () => {
  const errors: unknown[] = []
  const worker = createFakeWorker(
    () =>
      createStreamServer(feeds, {
        handlers: {},
        uploads: feedHandlers({ yielded: [], ended: [], gate: async () => {} })
          .uploads,
        onError: (error) => void errors.push(error),
        streams: {
          async *ticks(_count, _peer, signal) {
            for (let i = 0; ; i++) {
              yield i
              // A pause that ends early, rejecting, when the view cancels.
              await new Promise((resolve, reject) => {
                const timer = setTimeout(resolve, 100)
                signal.addEventListener("abort", () => {
                  clearTimeout(timer)
                  reject(signal.reason)
                })
              })
            }
          },
          broken: async function* () {}
        }
      }),
    "feeds"
  )
  const client = createStreamClient(feeds, { connect: worker.connect })
  const seen: number[] = []
  const reading = (async () => {
    for await (const tick of client.stream("ticks", 5)) {
      seen.push(tick)
      if (tick === 1) break
    }
  })()
  await jest.advanceTimersByTimeAsync(1000)
  await reading
  expect(seen).toEqual([0, 1])
  expect(errors).toEqual([])
})
