import { PortError } from "../errors"
import { sessionStorageStore } from "../server/session-storage-store"
import { UPLOAD_WINDOW } from "../server/uploads"
import { feedPair } from "../test-support"
import { createFakeStorageArea } from "../testing"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Lets ports, validators, keeps and the client's backoff run. */
const settle = () => jest.advanceTimersByTimeAsync(2000)

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: PortError) => error.code
  )

const parts = (n: number) => Array.from({ length: n }, (_, i) => `p${i},`)

/** A gate the `file` handler waits on before each chunk it reads. */
function holdReads() {
  let open = false
  let waiting: Array<() => void> = []
  return {
    gate: () =>
      open ? Promise.resolve() : new Promise<void>((r) => waiting.push(r)),
    release() {
      open = true
      for (const resolve of waiting) resolve()
      waiting = []
    }
  }
}

describe("an upload", () => {
  it("sends every chunk, checked, in order, and resolves with the checked output", async () => {
    const { client, log } = feedPair()
    const sink = client.upload("file", { name: "a.txt" })
    for (const part of parts(30))
      await Promise.all([sink.write(part), settle()])
    const output = sink.close()
    await settle()
    await expect(output).resolves.toEqual({
      name: "a.txt",
      text: parts(30).join("")
    })
    expect(log.ended).toEqual([{ name: "file", aborted: false }])
  })

  it("resolves a write only once the worker's window lets its chunk go", async () => {
    const { client, log } = feedPair()
    const reads = holdReads()
    log.gate = reads.gate
    const sink = client.upload("file", { name: "slow" })
    const written: number[] = []
    parts(40).forEach(
      (part, i) => void sink.write(part).then(() => written.push(i))
    )
    await settle()
    // The handler reads none: the worker keeps one chunk waiting for it and
    // grants no more than its window.
    expect(written.length).toBeGreaterThan(0)
    expect(written.length).toBeLessThanOrEqual(UPLOAD_WINDOW)
    reads.release()
    await settle()
    expect(written).toEqual([...Array(40).keys()])
    const output = sink.close()
    await settle()
    await expect(output).resolves.toMatchObject({ text: parts(40).join("") })
  })

  it("goes on after the worker stops mid-upload: the handler runs again over every chunk", async () => {
    const { client, worker, log } = feedPair()
    const sink = client.upload("file", { name: "b" })
    for (const [i, part] of parts(30).entries()) {
      if (i === 12) worker.stop()
      await Promise.all([sink.write(part), settle()])
    }
    const output = sink.close()
    await settle()
    await expect(output).resolves.toEqual({
      name: "b",
      text: parts(30).join("")
    })
    expect(worker.starts).toBe(2)
    // The first run died with its worker (never to end); the second read it all.
    expect(log.ended).toEqual([{ name: "file", aborted: false }])
  })

  it("is answered from the store, not run again, when its answer was lost with the worker", async () => {
    const area = createFakeStorageArea()
    const { client, worker, log } = feedPair(() => {
      const store = sessionStorageStore({ area })
      return {
        store: {
          get: (id) => store.get(id),
          // The answer is stored; the worker stops before it is posted.
          async set(id, answer) {
            await store.set(id, answer)
            worker.stop()
          }
        }
      }
    })
    const sink = client.upload("file", { name: "c" })
    await Promise.all([sink.write("one"), settle()])
    const output = sink.close()
    await settle()
    await expect(output).resolves.toEqual({ name: "c", text: "one" })
    expect(worker.starts).toBe(2)
    expect(log.ended).toEqual([{ name: "file", aborted: false }])
  })
})

describe("an upload's progress", () => {
  it("hears each grant's count of chunks, ending at the number of chunks", async () => {
    const { client } = feedPair()
    const progress: number[] = []
    const sink = client.upload(
      "file",
      { name: "p" },
      { onProgress: (chunks) => progress.push(chunks) }
    )
    for (const part of parts(40))
      await Promise.all([sink.write(part), settle()])
    const output = sink.close()
    await settle()
    await expect(output).resolves.toMatchObject({ text: parts(40).join("") })
    expect(progress[0]).toBe(0)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(progress.at(-1)).toBe(40)
  })
})

describe("a failed upload", () => {
  it("rejects with bad-chunk when a chunk fails the protocol", async () => {
    const { client, log } = feedPair()
    const sink = client.upload("file", { name: "x" })
    void sink.write("fine")
    const bad = sink.write("far too long for a chunk")
    const output = sink.close()
    await settle()
    await expect(codeOf(output)).resolves.toBe("bad-chunk")
    await expect(codeOf(bad)).resolves.toMatch(/^(resolved|bad-chunk)$/)
    await expect(codeOf(sink.write("late"))).resolves.toBe("bad-chunk")
    expect(log.ended).toEqual([{ name: "file", aborted: true }])
  })

  it("rejects with aborted when aborted, and stops the handler", async () => {
    const { client, log } = feedPair()
    const abort = new AbortController()
    const sink = client.upload("file", { name: "x" }, { signal: abort.signal })
    await Promise.all([sink.write("a"), settle()])
    abort.abort()
    await settle()
    await expect(codeOf(sink.close())).resolves.toBe("aborted")
    expect(log.ended).toEqual([{ name: "file", aborted: true }])
  })

  it.each([
    ["bad-input", () => ["file", { name: 5 }]],
    ["unknown-upload", () => ["photo", { name: "x" }]]
  ])("rejects with %s", async (code, args) => {
    const { client } = feedPair()
    const [name, input] = args() as ["file", { name: string }]
    const output = client.upload(name, input).close()
    await settle()
    await expect(codeOf(output)).resolves.toBe(code)
  })

  it("rejects with the handler's own code, or handler-failed", async () => {
    const errors: unknown[] = []
    const fail = (error: Error) => async () => {
      throw error
    }
    for (const [error, code] of [
      [new PortError("too-big"), "too-big"],
      [new Error("boom"), "handler-failed"]
    ] as const) {
      const { client } = feedPair(() => ({
        onError: (e) => errors.push(e),
        uploads: { file: fail(error) }
      }))
      const sink = client.upload("file", { name: "x" })
      void sink.write("a").catch(() => {})
      const output = sink.close()
      await settle()
      await expect(codeOf(output)).resolves.toBe(code)
    }
    expect(errors).toEqual([new Error("boom")])
  })

  it("rejects with bad-output when the answer fails the protocol", async () => {
    const { client } = feedPair(() => ({
      uploads: { file: async () => ({ name: 5 }) as never }
    }))
    const output = client.upload("file", { name: "x" }).close()
    await settle()
    await expect(codeOf(output)).resolves.toBe("bad-output")
  })

  it("rejects a write after close with closed", async () => {
    const { client } = feedPair()
    const sink = client.upload("file", { name: "x" })
    void sink.close()
    await expect(codeOf(sink.write("a"))).resolves.toBe("closed")
  })
})
