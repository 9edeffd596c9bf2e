/** @jest-environment node */
import type { StreamsResult } from "../../bench/phases/streams"
import { resumeAfter } from "../../bench/phases/upload"
import {
  firstChunkGoal,
  otherViewGoal,
  resumeGoal,
  streamGoals,
  uploadGoal,
  uploadHeapGoal
} from "../../bench/report/goals-streams"
import { streamRows } from "../../bench/report/rows-streams"
import { summarize } from "../../bench/support/stats"

type Measured = Exclude<StreamsResult, { skipped: string }>

function streams(over: Partial<Measured> = {}): { streams: StreamsResult } {
  return {
    streams: {
      fileBytes: 100_000_000,
      uploadMBps: 90,
      rawMBps: 100,
      rawRuns: 3,
      heap: { idleBytes: 1_000_000, peakBytes: 1_500_000, samples: 40 },
      otherViewRtt: summarize([2, 3, 4, 5]),
      resume: summarize([50, 60, 70]),
      reconnect: summarize([30, 35, 40]),
      stops: 3,
      firstChunk: summarize([4, 5, 6]),
      firstText: summarize([4, 5, 6]),
      repliesMissing: 0,
      normalReply: summarize([4, 5, 6]),
      ...over
    }
  }
}

describe("bench: issue 13's stream goals", () => {
  it("meets every goal on figures inside the limits", () => {
    expect(streamGoals(streams()).map((g) => g.met)).toEqual([
      true,
      true,
      true,
      true,
      true
    ])
  })

  it("judges the upload against 0.8× the raw transfer", () => {
    expect(uploadGoal(streams({ uploadMBps: 80 })).met).toBe(true)
    const missed = uploadGoal(streams({ uploadMBps: 40 }))
    expect(missed.met).toBe(false)
    expect(missed.measured).toContain("0.40×")
    expect(missed.measured).toContain("100.0 MB/s raw")
    expect(missed.miss).toContain("2.00×")
    expect(missed.close).toBeTruthy()
    expect(uploadGoal(streams({ rawMBps: NaN })).met).toBeNull()
  })

  it("judges the worker's peak heap against 2× idle", () => {
    const heap = (peakBytes: number) =>
      uploadHeapGoal(
        streams({ heap: { idleBytes: 1_000_000, peakBytes, samples: 9 } })
      )
    expect(heap(2_000_000).met).toBe(true)
    expect(heap(2_500_000).met).toBe(false)
    expect(heap(2_500_000).measured).toContain("2.50×")
  })

  it("judges the first chunk against 1.3× a whole reply, saying why it is late", () => {
    const late = firstChunkGoal(
      streams({ firstChunk: summarize([45]), firstText: summarize([4]) })
    )
    expect(late.met).toBe(false)
    expect(late.close).toContain("second chunk")
    const slow = firstChunkGoal(
      streams({ firstChunk: summarize([45]), firstText: summarize([45]) })
    )
    expect(slow.close).not.toContain("second chunk")
    expect(firstChunkGoal(streams({ firstChunk: summarize([6]) })).met).toBe(
      true
    )
  })

  it("misses the resume goal when a stop never resumed", () => {
    expect(resumeGoal(streams({ resume: summarize([150]) })).met).toBe(false)
    const partial = resumeGoal(streams({ resume: summarize([50]), stops: 2 }))
    expect(partial.met).toBe(false)
    expect(partial.measured).toContain("1 of 2 never resumed")
    expect(resumeGoal(streams({ resume: summarize([]) })).met).toBeNull()
  })

  it("judges another view's round trip on its p95", () => {
    expect(otherViewGoal(streams()).measured).toContain("4 pings")
    const tail = otherViewGoal(streams({ otherViewRtt: summarize([2, 30]) }))
    expect(tail.met).toBe(false)
  })

  it("reports every goal as not measured when the phase failed", () => {
    const failed = { streams: { skipped: "no browser" } }
    expect(streamGoals(failed).every((g) => g.met === null)).toBe(true)
    expect(streamRows(failed)).toHaveLength(1)
    expect(streamRows(streams()).length).toBeGreaterThan(5)
  })

  it("times a resume from the stop to the new port's first grant that holds more", () => {
    const grant = (at: number, port: number, next: number) => ({
      at,
      port,
      next,
      type: "stream-grant"
    })
    const events = [
      grant(10, 0, 8),
      grant(20, 0, 16),
      grant(60, 1, 12),
      { at: 61, port: 1, type: "stream-done" },
      grant(90, 1, 20),
      grant(200, 2, 30),
      grant(240, 2, 38)
    ]
    expect(resumeAfter([25, 150], events)).toEqual([
      { reconnectMs: 35, resumeMs: 65 },
      { reconnectMs: 50, resumeMs: 90 }
    ])
    expect(resumeAfter([300], events)).toEqual([
      { reconnectMs: NaN, resumeMs: NaN }
    ])
  })
})
