import { ConversationStore, textHash } from "~background/store"
import {
  ANSWERED_PREFIX,
  DROPPED_KEY,
  ENTRY_PREFIX,
  entryKey,
  SEQ_KEY,
  storedEntries
} from "~storage/layout"

import { FakeSessionArea } from "./support/fake-storage"

const from = { clientId: "c1", kind: "popup" as const }

function record(store: ConversationStore, id: string) {
  return store.record({ id, at: 1, from, text: id, reply: `r:${id}` })
}

/** Both reads a starting worker makes: the answered ids, then the log. */
async function loadBoth(store: ConversationStore) {
  await store.whenReady("answered")
  await store.whenReady("log")
}

const entryKeys = (area: FakeSessionArea) =>
  [...area.items.keys()].filter((k) => k.startsWith(ENTRY_PREFIX))

/** Ids of the log entries in storage, in seq order. */
const storedIds = (area: FakeSessionArea) =>
  storedEntries(Object.fromEntries(area.items)).map((e) => e.id)

/** Whether the store has read the log yet (the only read of everything). */
const logRead = (area: FakeSessionArea) => area.gets.includes(null)

describe("ConversationStore", () => {
  it("persists each entry under its own key and restores them after a restart", async () => {
    const area = new FakeSessionArea()
    const first = new ConversationStore(area, { maxEntries: 10, pruneSlack: 0 })
    await first.whenReady("answered")
    record(first, "a")
    record(first, "b")
    await first.writes.settled()
    const second = new ConversationStore(area, {
      maxEntries: 10,
      pruneSlack: 0
    })
    expect(second.whenReady("answered")).not.toBeNull()
    await loadBoth(second)
    expect(storedIds(area)).toEqual(["a", "b"])
    // The restored entries are held again: round trips can be noted on them.
    expect(second.noteDelivery("a", "c1", 1)).toMatchObject({ id: "a", seq: 1 })
    expect(second.noteDelivery("b", "c1", 1)).toMatchObject({ id: "b", seq: 2 })
    expect(second.find("b")).toEqual({
      id: "b",
      seq: 2,
      at: 1,
      hash: textHash("b")
    })
    expect(record(second, "c").seq).toBe(3)
  })

  it("bounds the log: drops the oldest in batches and counts them", async () => {
    const area = new FakeSessionArea()
    const store = new ConversationStore(area, { maxEntries: 5, pruneSlack: 2 })
    await loadBoth(store)
    for (let i = 1; i <= 7; i++) record(store, `m${i}`)
    await store.writes.settled()
    // Within the slack: nothing is dropped yet.
    expect(storedIds(area)).toHaveLength(7)
    record(store, "m8")
    await store.writes.settled()
    expect(storedIds(area)).toEqual(["m4", "m5", "m6", "m7", "m8"])
    expect(entryKeys(area)).toHaveLength(5)
    expect(area.items.get(DROPPED_KEY)).toBe(3)
    // Trimming the log does not forget that m1 was answered.
    expect(store.find("m1")?.seq).toBe(1)
  })

  it("clears for everyone but keeps counting the sequence", async () => {
    const area = new FakeSessionArea()
    const store = new ConversationStore(area, { maxEntries: 5, pruneSlack: 0 })
    await store.whenReady("answered")
    record(store, "a")
    store.clear()
    await store.writes.settled()
    expect(entryKeys(area)).toEqual([])
    expect(area.items.get(SEQ_KEY)).toBe(1)
    const restarted = new ConversationStore(area, {
      maxEntries: 5,
      pruneSlack: 0
    })
    await restarted.whenReady("answered")
    expect(record(restarted, "b").seq).toBe(2)
  })

  it("ignores stored values that are not log entries", async () => {
    const area = new FakeSessionArea()
    const junkKey = `${ENTRY_PREFIX}000000000001`
    await area.set({ [junkKey]: { id: 5 }, other: 1 })
    const store = new ConversationStore(area, { maxEntries: 5, pruneSlack: 0 })
    await loadBoth(store)
    // Not held as an entry: a Clear removes only the entries it holds.
    store.clear()
    await store.writes.settled()
    expect(area.items.get(junkKey)).toEqual({ id: 5 })
    expect(area.items.get("other")).toBe(1)
  })

  it("retries a failed read, then starts without it and never overwrites what is stored", async () => {
    const onError = jest.fn()
    const area = new FakeSessionArea()
    await area.set({ [entryKey(1)]: { id: "old" } })
    area.get = () => Promise.reject(new Error("unavailable"))
    const store = new ConversationStore(
      area,
      { maxEntries: 5, pruneSlack: 0 },
      onError,
      () => 1_700_000_000_000
    )
    await store.whenReady("answered")
    expect(store.whenReady("answered")).toBeNull()
    expect(onError).toHaveBeenCalledTimes(3)
    expect(record(store, "new").seq).toBe(1_700_000_000_001)
    await store.writes.settled()
    expect(area.items.get(entryKey(1))).toEqual({ id: "old" })
  })

  it("goes on with what it knows when the log cannot be read, and bounds it from there", async () => {
    const onError = jest.fn()
    const area = new FakeSessionArea()
    const get = area.get.bind(area)
    area.get = (keys) =>
      keys === null ? Promise.reject(new Error("busy")) : get(keys)
    const store = new ConversationStore(
      area,
      { maxEntries: 2, pruneSlack: 0 },
      onError
    )
    await store.whenReady("answered")
    for (const id of ["a", "b", "c"]) record(store, id)
    await store.whenReady("log")
    expect(onError).toHaveBeenCalledTimes(3)
    expect(store.whenReady("log")).toBeNull()
    await store.writes.settled()
    expect(storedIds(area)).toEqual(["b", "c"])
    expect(area.items.get(DROPPED_KEY)).toBe(1)
  })

  it("finds and prunes entries numbered below a jump in the seq", async () => {
    // A worker that could not read the seq numbered entries from the clock.
    const area = new FakeSessionArea()
    const old = new ConversationStore(area, { maxEntries: 10, pruneSlack: 0 })
    await old.whenReady("answered")
    for (const id of ["a", "b", "c"]) record(old, id)
    await old.writes.settled()
    const jumped = new ConversationStore(
      area,
      { maxEntries: 10, pruneSlack: 0 },
      () => {},
      () => 1_700_000_000_000
    )
    const get = area.get.bind(area)
    area.get = () => Promise.reject(new Error("unavailable"))
    await jumped.whenReady("answered")
    area.get = get
    record(jumped, "d")
    await jumped.writes.settled()
    const restarted = new ConversationStore(area, {
      maxEntries: 2,
      pruneSlack: 0
    })
    await loadBoth(restarted)
    await restarted.writes.settled()
    expect(storedIds(area)).toEqual(["c", "d"])
    expect(area.items.get(DROPPED_KEY)).toBe(2)
  })

  it("uses a read that succeeds on a retry", async () => {
    const area = new FakeSessionArea()
    const first = new ConversationStore(area, { maxEntries: 5, pruneSlack: 0 })
    await first.whenReady("answered")
    record(first, "a")
    await first.writes.settled()
    const get = area.get.bind(area)
    let failures = 1
    area.get = (keys) =>
      failures-- > 0 ? Promise.reject(new Error("busy")) : get(keys)
    const second = new ConversationStore(area, { maxEntries: 5, pruneSlack: 0 })
    await second.whenReady("answered")
    expect(second.find("a")?.seq).toBe(1)
    expect(record(second, "b").seq).toBe(2)
  })

  it("remembers answered ids through Clear, log trimming and restarts", async () => {
    const area = new FakeSessionArea()
    const store = new ConversationStore(area, { maxEntries: 2, pruneSlack: 0 })
    await loadBoth(store)
    for (const id of ["a", "b", "c"]) record(store, id)
    await store.writes.settled()
    expect(storedIds(area)).toEqual(["b", "c"])
    store.clear()
    expect(store.find("a")?.seq).toBe(1)
    expect(store.find("c")?.seq).toBe(3)
    await store.writes.settled()
    expect(storedIds(area)).toEqual([])
    const restarted = new ConversationStore(area, {
      maxEntries: 2,
      pruneSlack: 0
    })
    await loadBoth(restarted)
    expect(storedIds(area)).toEqual([])
    expect(restarted.find("a")?.hash).toBe(textHash("a"))
    expect(record(restarted, "d").seq).toBe(4)
  })

  it("bounds the answered ids it remembers, forgetting whole chunks", async () => {
    const area = new FakeSessionArea()
    const store = new ConversationStore(area, {
      maxEntries: 5,
      pruneSlack: 0,
      maxAnswered: 150
    })
    await store.whenReady("answered")
    for (let i = 1; i <= 320; i++) record(store, `m${i}`)
    await store.writes.settled()
    // Chunk 0 (seq 1-99) went once 150 would still be left without it.
    expect(store.find("m99")).toBeUndefined()
    expect(store.find("m100")?.seq).toBe(100)
    expect(store.find("m320")?.seq).toBe(320)
    const answeredKeys = [...area.items.keys()].filter((k) =>
      k.startsWith(ANSWERED_PREFIX)
    )
    expect(answeredKeys).toHaveLength(3)
    // One key holds a whole chunk, and a restarted worker reads it back.
    const restarted = new ConversationStore(area, {
      maxEntries: 5,
      pruneSlack: 0,
      maxAnswered: 150
    })
    await restarted.whenReady("answered")
    expect(restarted.find("m100")?.hash).toBe(textHash("m100"))
    expect(restarted.find("m99")).toBeUndefined()
  })

  it("keeps the log under its byte budget, counting what it drops", async () => {
    const area = new FakeSessionArea()
    const store = new ConversationStore(area, {
      maxEntries: 500,
      pruneSlack: 0,
      maxLogBytes: 10_000
    })
    await loadBoth(store)
    // Each entry is about 3 × (1000 + 1022) + 200 ≈ 6.3 kB in the worst case.
    for (let i = 1; i <= 4; i++) {
      store.record({
        id: `m${i}`,
        at: 1,
        from,
        text: "字".repeat(1000),
        reply: "r".repeat(1022)
      })
    }
    await store.writes.settled()
    expect(storedIds(area)).toEqual(["m4"])
    expect(entryKeys(area)).toHaveLength(1)
    expect(area.items.get(DROPPED_KEY)).toBe(3)
  })

  it("answers from the answered ids before the log is read, and merges what it recorded meanwhile", async () => {
    const area = new FakeSessionArea()
    const first = new ConversationStore(area, {
      maxEntries: 5,
      pruneSlack: 0,
      maxAnswered: 150
    })
    await loadBoth(first)
    for (let i = 1; i <= 320; i++) record(first, `m${i}`)
    await first.writes.settled()

    // A restart: the first answers need only a few named keys.
    const restarted = new ConversationStore(area, {
      maxEntries: 5,
      pruneSlack: 0,
      maxAnswered: 150,
      logReadDelayMs: 60_000
    })
    area.gets.length = 0
    await restarted.whenReady("answered")
    expect(area.gets).toEqual([
      [SEQ_KEY, DROPPED_KEY],
      [
        "ans:000000000000",
        "ans:000000000001",
        "ans:000000000002",
        "ans:000000000003"
      ]
    ])
    expect(restarted.whenReady("answered")).toBeNull()
    expect(logRead(area)).toBe(false)
    expect(restarted.find("m100")?.seq).toBe(100)
    expect(restarted.find("m320")?.hash).toBe(textHash("m320"))
    expect(restarted.find("m99")).toBeUndefined()
    // Recording goes on in sequence; the log is not trimmed blind.
    expect(record(restarted, "n1").seq).toBe(321)
    expect(record(restarted, "n2").seq).toBe(322)
    await restarted.writes.settled()
    expect(storedIds(area)).toEqual([
      "m316",
      "m317",
      "m318",
      "m319",
      "m320",
      "n1",
      "n2"
    ])

    // Then the log: stored entries and the new ones, in order, trimmed.
    await restarted.whenReady("log")
    expect(area.gets.filter((keys) => keys === null)).toHaveLength(1)
    expect(restarted.whenReady("log")).toBeNull()
    await restarted.writes.settled()
    expect(storedIds(area)).toEqual(["m318", "m319", "m320", "n1", "n2"])
    expect(entryKeys(area)).toHaveLength(5)
  })

  it("reads the log by itself shortly after the answered ids", async () => {
    jest.useFakeTimers()
    try {
      const area = new FakeSessionArea()
      const store = new ConversationStore(area, {
        maxEntries: 5,
        pruneSlack: 0,
        logReadDelayMs: 100
      })
      store.start()
      // start() reads at once: the first storage call is already made.
      expect(area.gets).toEqual([[SEQ_KEY, DROPPED_KEY]])
      await store.whenReady("answered")
      await jest.advanceTimersByTimeAsync(99)
      expect(logRead(area)).toBe(false)
      await jest.advanceTimersByTimeAsync(1)
      expect(logRead(area)).toBe(true)
      expect(store.whenReady("log")).toBeNull()
    } finally {
      jest.useRealTimers()
    }
  })

  it("says when a record is stored, or that it could not be", async () => {
    const area = new FakeSessionArea()
    const onError = jest.fn()
    const store = new ConversationStore(
      area,
      { maxEntries: 5, pruneSlack: 0 },
      onError
    )
    await store.whenReady("answered")
    record(store, "a")
    await store.stored("a")
    expect(storedIds(area)).toEqual(["a"])
    const set = area.set.bind(area)
    area.set = () => Promise.reject(new Error("quota"))
    record(store, "b")
    await expect(store.stored("b")).rejects.toThrow("quota")
    expect(onError).toHaveBeenCalledWith(new Error("quota"))
    // Asked for again, the record kept in memory is written again.
    area.set = set
    await store.stored("b")
    expect(storedIds(area)).toEqual(["a", "b"])
  })
})
