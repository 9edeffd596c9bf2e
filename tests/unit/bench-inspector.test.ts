/** @jest-environment node */
import { inspectorRows } from "../../bench/report/rows-inspector"
import { summarize } from "../../bench/support/stats"

describe("bench: the Ports panel's cost", () => {
  it("puts no panel in the baseline column and an open one in ours", () => {
    const rows = inspectorRows({
      inspector: {
        closed: summarize([1, 1, 1, 1]),
        open: summarize([1.5, 1.5, 1.5, 1.5]),
        burstClosed: 5000,
        burstOpen: 2500,
        rowsMirrored: 12_345
      }
    })
    expect(
      rows.map((row) => [row.metric, row.baseline, row.ours, row.ratio])
    ).toEqual([
      [
        "Port round trip, no Ports panel / panel open p50 (ms)",
        "1.00",
        "1.50",
        "1.50×"
      ],
      [
        "Port round trip, no Ports panel / panel open p95 (ms)",
        "1.00",
        "1.50",
        "1.50×"
      ],
      [
        "Burst, no Ports panel / panel open (msgs/s; 12,345 rows mirrored)",
        "5,000/s",
        "2,500/s",
        "0.50×"
      ]
    ])
  })

  it("has no rows for a run from before the panel existed", () => {
    expect(inspectorRows({})).toEqual([])
  })
})
