import {
  ConversationStore,
  DROPPED_KEY,
  ENTRY_PREFIX,
  SEQ_KEY
} from "~background/store"

import { FakeSessionArea } from "./support/fake-storage"

const from = { clientId: "c1", kind: "popup" as const }

function record(store: ConversationStore, id: string) {
  return store.record({ id, at: 1, from, text: id, reply: `r:${id}` })
}

const entryKeys = (area: FakeSessionArea) =>
  [...area.items.keys()].filter((k) => k.startsWith(ENTRY_PREFIX))

describe("ConversationStore", () => {
  it("persists each entry under its own key and restores them after a restart", async () => {
    const area = new FakeSessionArea()
    const first = new ConversationStore(area, { maxEntries: 10, pruneSlack: 0 })
    await first.load()
    record(first, "a")
    record(first, "b")
    await first.settled()
    const second = new ConversationStore(area, {
      maxEntries: 10,
      pruneSlack: 0
    })
    expect(second.ready).toBe(false)
    await second.load()
    expect(second.all().map((e) => [e.id, e.seq])).toEqual([
      ["a", 1],
      ["b", 2]
    ])
    expect(second.find("b")?.reply).toBe("r:b")
    expect(record(second, "c").seq).toBe(3)
  })

  it("bounds the log: drops the oldest in batches and counts them", async () => {
    const area = new FakeSessionArea()
    const store = new ConversationStore(area, { maxEntries: 5, pruneSlack: 2 })
    await store.load()
    for (let i = 1; i <= 8; i++) record(store, `m${i}`)
    await store.settled()
    expect(store.all().map((e) => e.id)).toEqual(["m4", "m5", "m6", "m7", "m8"])
    expect(entryKeys(area)).toHaveLength(5)
    expect(area.items.get(DROPPED_KEY)).toBe(3)
    expect(store.find("m1")).toBeUndefined()
  })

  it("clears for everyone but keeps counting the sequence", async () => {
    const area = new FakeSessionArea()
    const store = new ConversationStore(area, { maxEntries: 5, pruneSlack: 0 })
    await store.load()
    record(store, "a")
    store.clear()
    await store.settled()
    expect(entryKeys(area)).toEqual([])
    expect(area.items.get(SEQ_KEY)).toBe(1)
    const restarted = new ConversationStore(area, {
      maxEntries: 5,
      pruneSlack: 0
    })
    await restarted.load()
    expect(record(restarted, "b").seq).toBe(2)
  })

  it("ignores stored values that are not log entries", async () => {
    const area = new FakeSessionArea()
    await area.set({ [`${ENTRY_PREFIX}000000000001`]: { id: 5 }, other: 1 })
    const store = new ConversationStore(area, { maxEntries: 5, pruneSlack: 0 })
    await store.load()
    expect(store.all()).toEqual([])
  })

  it("starts empty, and reports, when storage cannot be read", async () => {
    const onError = jest.fn()
    const area = new FakeSessionArea()
    area.get = () => Promise.reject(new Error("quota"))
    const store = new ConversationStore(
      area,
      { maxEntries: 5, pruneSlack: 0 },
      onError
    )
    await store.load()
    expect(store.ready).toBe(true)
    expect(onError).toHaveBeenCalled()
  })
})
