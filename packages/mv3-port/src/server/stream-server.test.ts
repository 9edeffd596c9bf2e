import { createStreamClient } from "../streams/client"
import { feeds } from "../test-support"
import { createFakeWorker } from "../testing"
import { createPortServer } from "./port-server"

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
