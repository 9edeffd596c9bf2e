/** @jest-environment node */
import {
  DROPPED_KEY,
  parseStoredLog,
  SEQ_KEY,
  storedCount
} from "~storage/layout"
import { seededLogItems } from "~tools/seeded-log"

import { logLoadGoal } from "../../bench/report/goals-timeline"
import { inBlockOrder } from "../../bench/support/order"
import { summarize } from "../../bench/support/stats"

describe("bench: the timeline's rows", () => {
  it("seeds a log the views read back whole, in order", () => {
    const items = seededLogItems(500, 7, 1_000_000)
    const log = parseStoredLog(items)
    expect(log.entries).toHaveLength(500)
    expect(log.entries.map((e) => e.seq)).toEqual(
      Array.from({ length: 500 }, (_, i) => i + 1)
    )
    expect(log.dropped).toBe(7)
    expect(storedCount(items[SEQ_KEY])).toBe(500)
    expect(storedCount(items[DROPPED_KEY])).toBe(7)
  })

  it("alternates the order of the cases between blocks", () => {
    expect(inBlockOrder(["a", "b"], 0)).toEqual(["a", "b"])
    expect(inBlockOrder(["a", "b"], 1)).toEqual(["b", "a"])
    const items = ["a", "b"]
    inBlockOrder(items, 1)
    expect(items).toEqual(["a", "b"])
  })

  it("judges the full-log open against the empty one", () => {
    const logLoad = (full: number[], empty: number[]) => ({
      entries: 500,
      loadsPerCase: full.length,
      full: summarize(full),
      empty: summarize(empty)
    })
    expect(logLoadGoal({ logLoad: logLoad([110], [100]) }).met).toBe(true)
    const missed = logLoadGoal({ logLoad: logLoad([150], [100]) })
    expect(missed.met).toBe(false)
    expect(missed.measured).toContain("1.50×")
    expect(missed.close).toBeTruthy()
    expect(logLoadGoal({ logLoad: logLoad([], []) }).met).toBeNull()
  })
})
