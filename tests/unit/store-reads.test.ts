import { ConversationStore } from "~background/store"
import { SEQ_KEY } from "~storage/layout"

import { FakeSessionArea } from "./support/fake-storage"

/**
 * The store's reads of its stored state: the answered ids, then the log,
 * each retried, each counted as ready even when every try failed.
 */

/** An area whose reads of the answered ids (or, with `log`, of everything) fail `failures` times. */
function failingArea(failures: number, which: "answered" | "log") {
  const area = new FakeSessionArea()
  const get = area.get.bind(area)
  let left = failures
  area.get = (keys) => {
    const failing = (keys === null) === (which === "log")
    if (failing && left-- > 0) return Promise.reject(new Error("busy"))
    return get(keys)
  }
  return area
}

const options = { maxEntries: 5, pruneSlack: 0, logReadDelayMs: 100 }
/** How many reads of the answered ids (which start with the seq) were made. */
const answeredReads = (area: FakeSessionArea) =>
  area.gets.filter((keys) => keys?.includes(SEQ_KEY)).length
/** How many reads of the log (the only read of everything) were made. */
const logReads = (area: FakeSessionArea) =>
  area.gets.filter((keys) => keys === null).length

describe("ConversationStore reads", () => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  it("tries three times, 50 then 100 ms apart, and gives up", async () => {
    const onError = jest.fn()
    const area = failingArea(Infinity, "answered")
    const store = new ConversationStore(area, options, onError)
    store.start()
    await jest.advanceTimersByTimeAsync(0)
    expect(onError).toHaveBeenCalledTimes(1)
    await jest.advanceTimersByTimeAsync(49)
    expect(onError).toHaveBeenCalledTimes(1)
    await jest.advanceTimersByTimeAsync(1)
    expect(onError).toHaveBeenCalledTimes(2)
    expect(store.whenReady("answered")).not.toBeNull()
    await jest.advanceTimersByTimeAsync(100)
    expect(onError).toHaveBeenCalledTimes(3)
    expect(store.whenReady("answered")).toBeNull()
  })

  it("stops at the first read that succeeds", async () => {
    const onError = jest.fn()
    const area = failingArea(1, "answered")
    const store = new ConversationStore(area, options, onError)
    const waiting = store.whenReady("answered")
    await jest.advanceTimersByTimeAsync(50)
    await waiting
    expect(onError).toHaveBeenCalledTimes(1)
    // The failed try never reached the area; nothing is tried after the success.
    await jest.advanceTimersByTimeAsync(1000)
    expect(answeredReads(area)).toBe(1)
  })

  it("is null once ready, so a caller pays nothing after loading", async () => {
    const area = new FakeSessionArea()
    const store = new ConversationStore(area, options)
    const waiting = store.whenReady("answered")
    expect(waiting).toBeInstanceOf(Promise)
    // Asking again while it runs gives the same read, not a second one.
    expect(store.whenReady("answered")).toBe(waiting)
    await waiting
    expect(store.whenReady("answered")).toBeNull()
    expect(answeredReads(area)).toBe(1)
  })

  it("reads the log at once when asked, and the timer finds it done", async () => {
    const area = new FakeSessionArea()
    const store = new ConversationStore(area, {
      ...options,
      logReadDelayMs: 60_000
    })
    // Asking for the log reads the answered ids, then the log, now.
    await store.whenReady("log")
    expect(store.whenReady("answered")).toBeNull()
    expect(logReads(area)).toBe(1)
    await jest.advanceTimersByTimeAsync(60_000)
    expect(logReads(area)).toBe(1)
  })

  it("reads the log after answered ids that could not be read", async () => {
    const onError = jest.fn()
    const area = failingArea(Infinity, "answered")
    const store = new ConversationStore(area, options, onError)
    const waiting = store.whenReady("log")
    await jest.advanceTimersByTimeAsync(150)
    await waiting
    expect(onError).toHaveBeenCalledTimes(3)
    expect(logReads(area)).toBe(1)
    expect(store.whenReady("log")).toBeNull()
  })
})
