import { createStreamClient } from "../streams/client"
import { feedHandlers, feeds } from "../test-support"
import { createFakeWorker, createPortPair, flushPorts } from "../testing"
import { createPortServer } from "./port-server"
import { createStreamServer } from "./stream-server"

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

describe("a stream message for no stream of this view", () => {
  function served() {
    const server = createStreamServer(feeds, {
      handlers: {},
      ...feedHandlers({ yielded: [], ended: [], gate: async () => {} })
    })
    const { client, server: end } = createPortPair("feeds")
    server.accept(end)
    end.onMessage.emit({ k: "hello" }, end)
    end.sent.length = 0
    return { client, end }
  }

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
