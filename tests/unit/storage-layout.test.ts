import {
  answeredChunkOf,
  answeredKey,
  storedAnswers,
  toStoredAnswer
} from "~background/store/answered-index"
import type { LogEntry } from "~protocol"
import {
  ANSWERED_PREFIX,
  DROPPED_KEY,
  entryKey,
  LOG_LIMITS,
  LOG_SHOWN,
  parseTabRecord,
  readViewLog,
  SEQ_KEY,
  storedCount,
  storedEntries,
  tabKey
} from "~storage/layout"

import { FakeSessionArea } from "./support/fake-storage"

function entry(seq: number): LogEntry {
  return {
    id: `id-${seq}`,
    seq,
    at: seq,
    from: { clientId: "c1", kind: "popup" },
    text: `m${seq}`,
    reply: `r${seq}`
  }
}

/** A stored log of entries `first`..`last` with the seq at `last`, and answered chunks. */
function storedLog(first: number, last: number): FakeSessionArea {
  const area = new FakeSessionArea({
    [SEQ_KEY]: last,
    [DROPPED_KEY]: first - 1
  })
  for (let seq = first; seq <= last; seq++) {
    area.items.set(entryKey(seq), entry(seq))
  }
  for (let chunk = 0; chunk <= answeredChunkOf(last); chunk++) {
    area.items.set(answeredKey(chunk), [["id", chunk * 100, 1, "00000000"]])
  }
  return area
}

describe("storage layout", () => {
  it("keeps the keys and formats already in storage", () => {
    expect(entryKey(1)).toBe("log:e:000000000001")
    expect(entryKey(1_700_000_000_001)).toBe("log:e:1700000000001")
    expect(SEQ_KEY).toBe("log:seq")
    expect(DROPPED_KEY).toBe("log:dropped")
    expect(answeredKey(3)).toBe("ans:000000000003")
    expect(answeredChunkOf(99)).toBe(0)
    expect(answeredChunkOf(100)).toBe(1)
    expect(
      toStoredAnswer({ id: "a", seq: 2, at: 3, hash: "0000abcd" })
    ).toEqual(["a", 2, 3, "0000abcd"])
  })

  it("declares the log's bound once: 500 shown and kept, 50 of slack", () => {
    expect(LOG_LIMITS).toEqual({ maxEntries: 500, pruneSlack: 50 })
    expect(LOG_SHOWN).toBe(500)
  })

  it("reads a stored count as a whole number from 0 up, else 0", () => {
    expect(storedCount(7)).toBe(7)
    for (const bad of [undefined, null, "7", -1, 0, NaN, Infinity, {}, 1.5]) {
      expect(storedCount(bad)).toBe(0)
    }
  })

  it("parses entries in seq order, skipping other keys and malformed values", () => {
    const items = {
      [entryKey(2)]: entry(2),
      [entryKey(1)]: entry(1),
      [entryKey(3)]: { seq: 3 },
      junk: entry(4),
      [SEQ_KEY]: 3
    }
    expect(storedEntries(items).map((e) => e.seq)).toEqual([1, 2])
  })

  it("parses answered chunks in seq order, skipping malformed records", () => {
    const items = {
      [answeredKey(1)]: [["b", 100, 1, "h2"], ["bad", "100", 1, "h"], 5],
      [answeredKey(0)]: [["a", 1, 1, "h1"]],
      [answeredKey(2)]: "not a chunk",
      other: [["c", 3, 1, "h3"]]
    }
    expect(storedAnswers(items)).toEqual([
      { id: "a", seq: 1, at: 1, hash: "h1" },
      { id: "b", seq: 100, at: 1, hash: "h2" }
    ])
  })

  describe("readViewLog", () => {
    it("reads the counters, then only the last entry keys by name, never the answered ids", async () => {
      const area = storedLog(1451, 2000)
      const log = await readViewLog(area)
      expect(area.gets).toHaveLength(2)
      expect(area.gets[0]).toEqual([SEQ_KEY, DROPPED_KEY])
      const asked = area.gets[1]!
      const span = LOG_LIMITS.maxEntries + LOG_LIMITS.pruneSlack
      expect(asked).toHaveLength(span)
      expect(asked[0]).toBe(entryKey(2000 - span + 1))
      expect(asked.at(-1)).toBe(entryKey(2000))
      expect(area.gets.flat().some((k) => k?.startsWith(ANSWERED_PREFIX))).toBe(
        false
      )
      expect(log.entries.map((e) => e.seq)).toEqual(
        Array.from({ length: 550 }, (_, i) => 1451 + i)
      )
      expect(log.dropped).toBe(1450)
    })

    it("takes missing keys as gone (cleared or pruned)", async () => {
      const area = storedLog(1, 10)
      for (const seq of [1, 2, 5]) area.items.delete(entryKey(seq))
      area.items.delete(DROPPED_KEY)
      const log = await readViewLog(area)
      expect(log.entries.map((e) => e.seq)).toEqual([3, 4, 6, 7, 8, 9, 10])
      expect(log.dropped).toBe(0)
      expect(area.gets[1]).toHaveLength(10)
    })

    it("never asks for more than the bound, however far the seq jumped", async () => {
      const area = new FakeSessionArea({ [SEQ_KEY]: 1_700_000_000_001 })
      area.items.set(entryKey(1), entry(1))
      area.items.set(entryKey(1_700_000_000_001), entry(1_700_000_000_001))
      const log = await readViewLog(area)
      expect(area.gets[1]).toHaveLength(
        LOG_LIMITS.maxEntries + LOG_LIMITS.pruneSlack
      )
      expect(log.entries.map((e) => e.seq)).toEqual([1_700_000_000_001])
    })

    it("reads nothing more when no entry was ever recorded", async () => {
      const area = new FakeSessionArea()
      expect(await readViewLog(area)).toEqual({ entries: [], dropped: 0 })
      expect(area.gets).toEqual([[SEQ_KEY, DROPPED_KEY]])
    })
  })
})

describe("a tab's record", () => {
  it("is keyed by tab and read back as its document only", () => {
    expect(tabKey(42)).toBe("tab:42")
    expect(parseTabRecord({ documentId: "D1", extra: 1 })).toEqual({
      documentId: "D1"
    })
  })

  it("is absent for anything else, so the tab counts as never injected", () => {
    for (const value of [undefined, null, "D1", { documentId: 7 }, {}]) {
      expect(parseTabRecord(value)).toBeUndefined()
    }
  })
})
