import { PortError } from "../errors"
import { feedPair } from "../test-support"
import { STREAM_WINDOW } from "./stream"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Reads `chunks` to the end, calling `each` after every chunk; the chunks, or the error's code. */
async function readAll<T>(
  chunks: AsyncIterable<T>,
  each: (chunk: T, read: T[]) => void | "break" = () => {}
): Promise<T[] | string> {
  const read: T[] = []
  try {
    for await (const chunk of chunks) {
      read.push(chunk)
      if (each(chunk, read) === "break") break
    }
    return read
  } catch (error) {
    return (error as PortError).code
  }
}

/** Lets ports, validators, keeps and the client's backoff run. */
const settle = () => jest.advanceTimersByTimeAsync(2000)

const counts = (n: number) => [...Array(n).keys()]

describe("a stream", () => {
  it("gives every chunk, checked, in order, exactly once", async () => {
    const { client, log } = feedPair()
    const reading = readAll(client.stream("ticks", 100))
    await settle()
    await expect(reading).resolves.toEqual(counts(100))
    expect(log.ended).toEqual([{ name: "ticks", aborted: false }])
  })

  it("goes on after the worker stops mid-stream: the handler runs again, the chunks the view has are skipped", async () => {
    const { client, worker, log } = feedPair()
    const reading = readAll(client.stream("ticks", 60), (chunk) => {
      if (chunk === 20) worker.stop()
    })
    await settle()
    await expect(reading).resolves.toEqual(counts(60))
    expect(worker.starts).toBe(2)
    // The second run yielded the first chunks again; the view did not see them twice.
    expect(log.yielded.filter((i) => i === 0)).toHaveLength(2)
  })

  it("goes on after its port drops while the worker runs: the old run is stopped, a new one skips", async () => {
    const { client, worker, log } = feedPair()
    const reading = readAll(client.stream("ticks", 60), (chunk) => {
      if (chunk === 30) worker.dropPorts()
    })
    await settle()
    await expect(reading).resolves.toEqual(counts(60))
    expect(worker.starts).toBe(1)
    expect(log.ended).toEqual([
      { name: "ticks", aborted: true },
      { name: "ticks", aborted: false }
    ])
  })

  it("holds the worker's generator to the window while the loop does not read", async () => {
    const { client, log } = feedPair()
    const chunks = client.stream("ticks", 1000)
    const first = await Promise.all([chunks.next(), settle()])
    expect(first[0]).toEqual({ value: 0, done: false })
    await settle()
    // The window, the chunk waiting for the loop, and the one being read.
    expect(log.yielded.length).toBeLessThanOrEqual(STREAM_WINDOW + 2)
    await chunks.return!()
  })

  it("cancels on the worker when the loop breaks", async () => {
    const { client, log } = feedPair()
    const reading = readAll(client.stream("ticks", 1000), (chunk) =>
      chunk === 5 ? "break" : undefined
    )
    await settle()
    await expect(reading).resolves.toEqual(counts(6))
    expect(log.ended).toEqual([{ name: "ticks", aborted: true }])
    expect(log.yielded.length).toBeLessThan(40)
  })

  it("rejects with aborted when its signal fires, and cancels on the worker", async () => {
    const { client, log } = feedPair()
    const abort = new AbortController()
    const reading = readAll(
      client.stream("ticks", 1000, { signal: abort.signal }),
      (chunk) => void (chunk === 3 && abort.abort())
    )
    await settle()
    await expect(reading).resolves.toBe("aborted")
    expect(log.ended).toEqual([{ name: "ticks", aborted: true }])
  })

  it("rejects with aborted at once when its signal already fired", async () => {
    const { client } = feedPair()
    const chunks = client.stream("ticks", 3, { signal: AbortSignal.abort() })
    await expect(readAll(chunks)).resolves.toBe("aborted")
  })
})

describe("a stream opened again after a worker stop", () => {
  const PAUSE_MS = 100

  it("tells its handler how many chunks the view has, so a paced handler yields those at once", async () => {
    /** Per run of the handler: its `from`, and the chunks it paused before. */
    const runs: Array<{ from: number; paused: number[] }> = []
    const { client, worker } = feedPair(() => ({
      streams: {
        async *ticks(count, _peer, _signal, from) {
          const run = { from, paused: [] as number[] }
          runs.push(run)
          for (let i = 0; i < count; i++) {
            if (i >= from) {
              run.paused.push(i)
              await new Promise((r) => setTimeout(r, PAUSE_MS))
            }
            yield i
          }
        },
        async *broken() {}
      }
    }))
    const at: number[] = []
    let stoppedAt = 0
    const reading = readAll(client.stream("ticks", 30), (chunk) => {
      at[chunk] = Date.now()
      if (chunk === 11) {
        stoppedAt = Date.now()
        worker.stop()
      }
    })
    await jest.advanceTimersByTimeAsync(30 * 2 * PAUSE_MS)
    await expect(reading).resolves.toEqual(counts(30))
    expect(worker.starts).toBe(2)
    const [, second] = runs
    // The view had read 12 chunks, and had no more on its way.
    expect(runs.map(({ from }) => from)).toEqual([0, 12])
    expect(second.paused).toEqual(counts(30).slice(12))
    // Chunk 12 came one pause after the stop, not thirteen.
    expect(at[12] - stoppedAt).toBeLessThan(2 * PAUSE_MS)
  })
})

describe("a failed stream", () => {
  it("rejects with bad-chunk when a chunk fails the protocol, after the good ones", async () => {
    const { client } = feedPair()
    const read: number[] = []
    const reading = readAll(client.stream("broken", 0), (chunk) => {
      read.push(chunk)
    })
    await settle()
    await expect(reading).resolves.toBe("bad-chunk")
    expect(read).toEqual([0])
  })

  it.each([
    ["bad-input", () => ["ticks", -1]],
    ["unknown-stream", () => ["shout", 1]]
  ])("rejects with %s", async (code, args) => {
    const { client, log } = feedPair()
    const [name, input] = args() as ["ticks", number]
    const reading = readAll(client.stream(name, input))
    await settle()
    await expect(reading).resolves.toBe(code)
    expect(log.yielded).toEqual([])
  })

  it("rejects with the handler's own code, or handler-failed", async () => {
    const errors: unknown[] = []
    const { client } = feedPair(() => ({
      onError: (error) => errors.push(error),
      streams: {
        async *ticks(n) {
          yield n
          throw new Error("boom")
        },
        // eslint-disable-next-line require-yield
        async *broken() {
          throw new PortError("no-feed")
        }
      }
    }))
    const ticks = readAll(client.stream("ticks", 7))
    const broken = readAll(client.stream("broken", 7))
    await settle()
    await expect(ticks).resolves.toBe("handler-failed")
    await expect(broken).resolves.toBe("no-feed")
    expect(errors).toEqual([new Error("boom")])
  })

  it("rejects with disconnected before a lazy client connects, and flows after", async () => {
    const { client, worker } = feedPair(() => ({}), { lazy: true })
    const early = readAll(client.stream("ticks", 3))
    await settle()
    expect(client.status).toBe("disconnected")
    expect(worker.starts).toBe(0)
    await expect(early).resolves.toBe("disconnected")
    client.connect()
    const reading = readAll(client.stream("ticks", 3))
    await settle()
    await expect(reading).resolves.toEqual(counts(3))
  })

  it("rejects with disconnected when the client disconnects", async () => {
    const { client } = feedPair()
    const reading = readAll(client.stream("ticks", 1000), (chunk) => {
      if (chunk === 2) client.disconnect()
    })
    await settle()
    await expect(reading).resolves.toBe("disconnected")
  })
})
