import { UPLOAD_WINDOW } from "../server/uploads"
import { feedPair } from "../test-support"

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Lets ports, validators, keeps and the client's backoff run. */
const settle = () => jest.advanceTimersByTimeAsync(2000)

const parts = Array.from({ length: 40 }, (_, i) => `p${i},`)
const count = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => from + i)

/** A view's `read` over `parts`, recording the indices it was asked for. */
function reader() {
  const reads: number[] = []
  return {
    reads,
    read: (index: number) => {
      reads.push(index)
      return parts[index] ?? null
    }
  }
}

/**
 * A worker whose `file` handler records how many chunks it read, and what
 * they made, where a `chrome.storage.session` record would: the record
 * survives `stop()`, and each run reads from its position.
 */
function resumingPair() {
  const record = { read: 0, text: "" }
  /** Bumped by each stop: code of a stopped worker runs no more, as in Chrome. */
  let epoch = 0
  const runs: number[] = []
  let answers = 0
  const pair = feedPair(() => ({
    uploads: {
      async file({ name }, chunks) {
        const mine = epoch
        runs.push(record.read)
        for await (const chunk of chunks.from(record.read)) {
          if (mine !== epoch) await new Promise(() => {})
          record.text += chunk
          record.read++
        }
        answers++
        return { name, text: record.text }
      }
    }
  }))
  const stop = () => {
    epoch++
    pair.worker.stop()
  }
  return { ...pair, stop, runs, answers: () => answers }
}

describe("an upload read on demand", () => {
  it("goes on after a worker stop from the handler's position: nothing before it is read again, nothing after it twice", async () => {
    const { client, worker, stop, runs, answers } = resumingPair()
    const { reads, read } = reader()
    const progress: number[] = []
    let progressBefore = -1
    const sink = client.upload(
      "file",
      { name: "r" },
      {
        read,
        onProgress(chunks) {
          progress.push(chunks)
          if (progressBefore < 0 && chunks >= 12) {
            progressBefore = progress.length
            stop()
          }
        }
      }
    )
    const output = sink.close()
    await settle()
    await expect(output).resolves.toEqual({ name: "r", text: parts.join("") })
    expect(worker.starts).toBe(2)
    const [first, resumedAt] = runs
    expect(first).toBe(0)
    expect(resumedAt).toBeGreaterThan(0)
    // For the first worker, each chunk once in order; for the second, from
    // its position on (and the read past the last), never before it.
    const back = reads.findIndex((index, i) => i > 0 && index < reads[i - 1])
    expect(back).toBeGreaterThan(resumedAt)
    expect(reads.slice(0, back)).toEqual(count(0, back))
    expect(reads.slice(back)).toEqual(count(resumedAt, parts.length + 1))
    expect(answers()).toBe(1)
    // The bar steps back to where the new worker stands, then ends full.
    const after = progress.slice(progressBefore)
    expect(after[0]).toBe(resumedAt)
    expect(resumedAt).toBeLessThanOrEqual(Math.max(...progress))
    expect(after).toEqual([...after].sort((a, b) => a - b))
    expect(progress.at(-1)).toBe(parts.length)
  })

  it("reads only what the worker's window lets go", async () => {
    const { client, log } = feedPair()
    let open = () => {}
    const held = new Promise<void>((resolve) => (open = resolve))
    log.gate = () => held
    const { reads, read } = reader()
    const output = client.upload("file", { name: "w" }, { read }).close()
    await settle()
    expect(reads).toEqual(count(0, UPLOAD_WINDOW))
    open()
    await settle()
    await expect(output).resolves.toEqual({ name: "w", text: parts.join("") })
    expect(reads).toEqual(count(0, parts.length + 1))
  })

  it("reads again from the first for a handler that states no position", async () => {
    const { client, worker, log } = feedPair()
    const { reads, read } = reader()
    let stopped = false
    const output = client
      .upload(
        "file",
        { name: "a" },
        {
          read,
          onProgress(chunks) {
            if (!stopped && chunks >= 12) worker.stop()
            stopped ||= chunks >= 12
          }
        }
      )
      .close()
    await settle()
    await expect(output).resolves.toEqual({ name: "a", text: parts.join("") })
    expect(worker.starts).toBe(2)
    expect(reads.filter((index) => index === 0)).toHaveLength(2)
    expect(log.ended).toEqual([{ name: "file", aborted: false }])
  })

  it("rejects a write with closed, and still answers close()", async () => {
    const { client } = feedPair()
    const sink = client.upload("file", { name: "x" }, reader())
    await expect(sink.write("a")).rejects.toMatchObject({ code: "closed" })
    const output = sink.close()
    await settle()
    await expect(output).resolves.toEqual({ name: "x", text: parts.join("") })
  })

  it("fails with read-failed when read throws, and stops the handler", async () => {
    const { client, log } = feedPair()
    const read = (index: number) => {
      if (index === 3) throw new Error("file gone")
      return parts[index]
    }
    const output = client.upload("file", { name: "x" }, { read }).close()
    await settle()
    await expect(output).rejects.toMatchObject({ code: "read-failed" })
    expect(log.ended).toEqual([{ name: "file", aborted: true }])
  })
})
