import type { BenchResults } from "../support/results"
import { ratio } from "../support/stats"
import { ms, times } from "./format"
import type { Row } from "./rows"

/** Rows for the popup's first open in a fresh profile and its open on a full log. */
export function openRows(r: BenchResults): Row[] {
  const rows: Row[] = []
  if ("skipped" in r.firstOpen) {
    rows.push({
      metric: "First open in a fresh profile",
      baseline: "skipped",
      ours: "skipped",
      ratio: ""
    })
  } else {
    const { baseline, ours, samples } = r.firstOpen
    rows.push({
      metric: `First open in a fresh profile, interactive p50 (ms, ${samples} browsers)`,
      baseline: ms(baseline.p50),
      ours: ms(ours.p50),
      ratio: times(ratio(ours.p50, baseline.p50))
    })
  }
  const { empty, full, entries, loadsPerCase } = r.logLoad
  rows.push(
    {
      metric: `Popup interactive p50, empty log (ms, ${loadsPerCase} loads)`,
      baseline: "n/a",
      ours: ms(empty.p50),
      ratio: ""
    },
    {
      metric: `Popup interactive p50, ${entries}-entry log (ms) / vs empty`,
      baseline: "n/a",
      ours: `${ms(full.p50)} / ${times(ratio(full.p50, empty.p50))}`,
      ratio: ""
    }
  )
  return rows
}
