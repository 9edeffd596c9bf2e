import { WritePipeline } from "~background/store/write-pipeline"
import type { SessionArea } from "~storage/layout"

/** A storage area whose writes settle only when the test says so. */
class ManualArea implements SessionArea {
  readonly calls: Array<
    ["set", Record<string, unknown>] | ["remove", string[]]
  > = []
  private pending: Array<{ resolve: () => void; reject: (e: Error) => void }> =
    []

  get(): Promise<Record<string, unknown>> {
    return Promise.resolve({})
  }
  set(items: Record<string, unknown>): Promise<void> {
    this.calls.push(["set", { ...items }])
    return this.later()
  }
  remove(keys: string[]): Promise<void> {
    this.calls.push(["remove", [...keys]])
    return this.later()
  }
  private later(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.pending.push({ resolve, reject })
    )
  }
  /** Settles every write issued so far, then lets the pipeline react. */
  async settleAll(error?: Error): Promise<void> {
    for (const write of this.pending.splice(0)) {
      if (error) write.reject(error)
      else write.resolve()
    }
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
}

describe("WritePipeline", () => {
  it("writes at once when idle, and runs dependent tasks right away", () => {
    const area = new ManualArea()
    const pipeline = new WritePipeline(area, jest.fn())
    const order: string[] = []
    pipeline.set({ a: 1 })
    pipeline.afterHandOff(() => order.push("reply a"))
    expect(area.calls).toEqual([["set", { a: 1 }]])
    expect(order).toEqual(["reply a"])
  })

  it("coalesces writes made while one is in flight, and holds their tasks until they are issued", async () => {
    const area = new ManualArea()
    const pipeline = new WritePipeline(area, jest.fn())
    const order: string[] = []
    pipeline.set({ a: 1 })
    pipeline.afterHandOff(() => order.push("reply a"))
    pipeline.set({ b: 2 })
    pipeline.afterHandOff(() => order.push("reply b"))
    pipeline.set({ c: 3 })
    pipeline.afterHandOff(() => order.push("reply c"))
    expect(area.calls).toHaveLength(1)
    expect(order).toEqual(["reply a"])

    await area.settleAll()
    expect(area.calls).toEqual([
      ["set", { a: 1 }],
      ["set", { b: 2, c: 3 }]
    ])
    expect(order).toEqual(["reply a", "reply b", "reply c"])
  })

  it("keeps sets and removes in the order they were made", async () => {
    const area = new ManualArea()
    const pipeline = new WritePipeline(area, jest.fn())
    pipeline.set({ x: 0 })
    pipeline.set({ a: 1 })
    pipeline.remove(["a"])
    pipeline.set({ b: 2 })
    await area.settleAll()
    expect(area.calls).toEqual([
      ["set", { x: 0 }],
      ["set", { a: 1 }],
      ["remove", ["a"]],
      ["set", { b: 2 }]
    ])
  })

  it("reports a failed write and goes on (nothing waits forever)", async () => {
    const area = new ManualArea()
    const onError = jest.fn()
    const pipeline = new WritePipeline(area, onError)
    const done = jest.fn()
    pipeline.set({ a: 1 })
    pipeline.set({ b: 2 })
    pipeline.afterHandOff(done)
    await area.settleAll(new Error("quota"))
    expect(onError).toHaveBeenCalledWith(new Error("quota"))
    expect(done).toHaveBeenCalled()
    await area.settleAll()
    await expect(pipeline.settled()).resolves.toBeUndefined()
  })

  it("survives a storage area that throws instead of rejecting", async () => {
    const onError = jest.fn()
    const area = new ManualArea()
    area.set = () => {
      throw new Error("boom")
    }
    const pipeline = new WritePipeline(area, onError)
    pipeline.set({ a: 1 })
    pipeline.set({ b: 2 })
    const done = jest.fn()
    pipeline.afterHandOff(done)
    await pipeline.settled()
    expect(done).toHaveBeenCalled()
    expect(onError).toHaveBeenCalledTimes(2)
  })

  it("settled() waits for every write, including ones queued meanwhile", async () => {
    const area = new ManualArea()
    const pipeline = new WritePipeline(area, jest.fn())
    pipeline.set({ a: 1 })
    pipeline.set({ b: 2 })
    let settled = false
    void pipeline.settled().then(() => (settled = true))
    await area.settleAll()
    expect(settled).toBe(false)
    await area.settleAll()
    expect(settled).toBe(true)
  })
})

describe("WritePipeline.written()", () => {
  /** Whether `promise` has settled, and how, after the microtasks so far. */
  function watch(promise: Promise<void>) {
    const state: {
      outcome: "pending" | "resolved" | "rejected"
      error?: unknown
    } = { outcome: "pending" }
    promise.then(
      () => (state.outcome = "resolved"),
      (error: unknown) => {
        state.outcome = "rejected"
        state.error = error
      }
    )
    return state
  }

  it("resolves at once when nothing was handed over", async () => {
    const pipeline = new WritePipeline(new ManualArea(), jest.fn())
    await expect(pipeline.written()).resolves.toBeUndefined()
  })

  it("waits for the write to complete, not only to be handed to storage", async () => {
    const area = new ManualArea()
    const pipeline = new WritePipeline(area, jest.fn())
    const handedOff = jest.fn()
    pipeline.set({ a: 1 })
    pipeline.afterHandOff(handedOff)
    const written = watch(pipeline.written())
    await Promise.resolve()
    expect(handedOff).toHaveBeenCalled()
    expect(written.outcome).toBe("pending")
    await area.settleAll()
    expect(written.outcome).toBe("resolved")
  })

  it("waits for the writes handed over before it, not for later ones", async () => {
    const area = new ManualArea()
    const pipeline = new WritePipeline(area, jest.fn())
    pipeline.set({ a: 1 })
    pipeline.set({ b: 2 })
    const first = watch(pipeline.written())
    // Coalesced with b, which is queued behind a: the same storage call.
    pipeline.set({ c: 3 })
    const second = watch(pipeline.written())
    await area.settleAll()
    expect(first.outcome).toBe("pending")
    pipeline.set({ d: 4 })
    await area.settleAll()
    expect(first.outcome).toBe("resolved")
    expect(second.outcome).toBe("resolved")
    // d went out after the second batch was issued: it is still in flight.
    expect(area.calls.at(-1)).toEqual(["set", { d: 4 }])
    const third = watch(pipeline.written())
    await Promise.resolve()
    expect(third.outcome).toBe("pending")
    await area.settleAll()
    expect(third.outcome).toBe("resolved")
  })

  it("rejects for whoever waits on a failed write, reports it, and goes on", async () => {
    const area = new ManualArea()
    const onError = jest.fn()
    const pipeline = new WritePipeline(area, onError)
    pipeline.set({ a: 1 })
    const beforeFailure = watch(pipeline.written())
    pipeline.set({ b: 2 })
    const onFailed = watch(pipeline.written())
    await area.settleAll()
    expect(beforeFailure.outcome).toBe("resolved")
    await area.settleAll(new Error("quota"))
    expect(onFailed).toEqual({ outcome: "rejected", error: new Error("quota") })
    expect(onError).toHaveBeenCalledWith(new Error("quota"))
    // The failure was reported once: it does not fail later writes.
    await expect(pipeline.written()).resolves.toBeUndefined()
    pipeline.set({ c: 3 })
    const after = watch(pipeline.written())
    await area.settleAll()
    expect(after.outcome).toBe("resolved")
  })

  it("rejects when the storage area throws instead of rejecting", async () => {
    const area = new ManualArea()
    area.remove = () => {
      throw new Error("boom")
    }
    const pipeline = new WritePipeline(area, jest.fn())
    pipeline.set({ a: 1 })
    pipeline.remove(["a"])
    pipeline.set({ b: 2 })
    const written = watch(pipeline.written())
    await area.settleAll()
    await area.settleAll()
    expect(written).toEqual({ outcome: "rejected", error: new Error("boom") })
    expect(area.calls).toEqual([
      ["set", { a: 1 }],
      ["set", { b: 2 }]
    ])
  })
})
