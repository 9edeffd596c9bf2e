import type { BenchResults } from "../support/results"
import { ratio, type Summary } from "../support/stats"
import { kb, mb, ms, perSec, times } from "./format"
import { openRows } from "./rows-timeline"

/** One line of the figures table: the same metric for both sides. */
export interface Row {
  metric: string
  baseline: string
  ours: string
  ratio: string
}

function timed(metric: string, b: Summary, o: Summary): Row[] {
  return (["p50", "p95", "p99"] as const).map((q) => ({
    metric: `${metric} ${q} (ms)`,
    baseline: ms(b[q]),
    ours: ms(o[q]),
    ratio: times(ratio(o[q], b[q]))
  }))
}

/** The figures table, shared by the console and the Markdown summary. */
export function figureRows(r: BenchResults): Row[] {
  const rows: Row[] = [
    ...timed(
      "Port round trip, ours via controller",
      r.portRtt.baseline,
      r.portRtt.oursController
    ),
    ...timed(
      "Port round trip, ours raw port",
      r.portRtt.baseline,
      r.portRtt.oursPort
    ),
    ...timed("UI round trip", r.uiRtt.baseline, r.uiRtt.ours).slice(0, 2),
    ...timed(
      "UI: handling the click itself",
      r.uiRtt.clickHandling.baseline,
      r.uiRtt.clickHandling.ours
    ).slice(0, 1),
    ...timed(
      "UI: reply at the port → shown",
      r.uiRtt.replyRendering.baseline,
      r.uiRtt.replyRendering.ours
    ).slice(0, 1),
    {
      metric: `Burst ${r.burst.messages.toLocaleString("en-US")} msgs (median of ${r.burst.ours.runs.length})`,
      baseline: perSec(r.burst.baseline.msgsPerSec),
      ours: perSec(r.burst.ours.msgsPerSec),
      ratio: times(ratio(r.burst.ours.msgsPerSec, r.burst.baseline.msgsPerSec))
    },
    {
      metric: "Burst lost / out of order / duplicated",
      baseline: `${r.burst.baseline.lost} / ${r.burst.baseline.outOfOrder} / ${r.burst.baseline.duplicates}`,
      ours: `${r.burst.ours.lost} / ${r.burst.ours.outOfOrder} / ${r.burst.ours.duplicates}`,
      ratio: ""
    },
    {
      metric: `Popup interactive p50 (ms, ${r.load.loads} loads)`,
      baseline: ms(r.load.baseline.interactive.p50),
      ours: ms(r.load.ours.interactive.p50),
      ratio: times(
        ratio(r.load.ours.interactive.p50, r.load.baseline.interactive.p50)
      )
    },
    {
      metric: "Popup interactive p95 (ms)",
      baseline: ms(r.load.baseline.interactive.p95),
      ours: ms(r.load.ours.interactive.p95),
      ratio: times(
        ratio(r.load.ours.interactive.p95, r.load.baseline.interactive.p95)
      )
    },
    ...openRows(r)
  ]
  for (const kind of ["js", "css", "html"] as const) {
    rows.push({
      metric: `Popup ${kind.toUpperCase()}`,
      baseline: kb(r.load.baseline.bytes[kind]),
      ours: kb(r.load.ours.bytes[kind]),
      ratio: times(ratio(r.load.ours.bytes[kind], r.load.baseline.bytes[kind]))
    })
  }
  rows.push(
    {
      metric: "Recovery after worker stop p50 / max (ms)",
      baseline: "n/a",
      ours: `${ms(r.recovery.clickToReply.p50)} / ${ms(r.recovery.clickToReply.max)}`,
      ratio: ""
    },
    {
      metric: "Recovery, stop command → reply p50 / max (ms)",
      baseline: "n/a",
      ours: `${ms(r.recovery.stopToReply.p50)} / ${ms(r.recovery.stopToReply.max)}`,
      ratio: ""
    },
    {
      metric: "Cold port to stopped worker, first reply p50 (ms)",
      baseline: ms(r.recovery.cold.baseline.p50),
      ours: ms(r.recovery.cold.ours.p50),
      ratio: times(
        ratio(r.recovery.cold.ours.p50, r.recovery.cold.baseline.p50)
      )
    },
    {
      metric: "Popup JS heap peak during burst",
      baseline: mb(r.heap.baseline.popupPeakBytes),
      ours: mb(r.heap.ours.popupPeakBytes),
      ratio: times(
        ratio(r.heap.ours.popupPeakBytes, r.heap.baseline.popupPeakBytes)
      )
    },
    {
      metric: "Worker JS heap peak during burst",
      baseline: mb(r.heap.baseline.workerPeakBytes),
      ours: mb(r.heap.ours.workerPeakBytes),
      ratio: times(
        ratio(
          r.heap.ours.workerPeakBytes ?? NaN,
          r.heap.baseline.workerPeakBytes ?? NaN
        )
      )
    },
    {
      metric: "Worker JS heap after burst",
      baseline: mb(r.heap.baseline.workerAfterBytes),
      ours: mb(r.heap.ours.workerAfterBytes),
      ratio: times(
        ratio(
          r.heap.ours.workerAfterBytes ?? NaN,
          r.heap.baseline.workerAfterBytes ?? NaN
        )
      )
    }
  )
  if ("skipped" in r.log) {
    rows.push({
      metric: "Log (500 entries)",
      baseline: "n/a",
      ours: "skipped",
      ratio: ""
    })
  } else {
    rows.push(
      {
        metric: `Log: render popup with ${r.log.entries} entries p50 (ms)`,
        baseline: "n/a",
        ours: ms(r.log.render.p50),
        ratio: ""
      },
      {
        metric: `Log: append one to ${r.log.entries} p50 (ms)`,
        baseline: "n/a",
        ours: ms(r.log.append.p50),
        ratio: ""
      },
      {
        metric: "Log: reply shown → entry in the side panel p50 / max (ms)",
        baseline: "n/a",
        ours: `${ms(r.log.relay.p50)} / ${ms(r.log.relay.max)}`,
        ratio: ""
      }
    )
  }
  if (!("skipped" in r.load.sidepanel)) {
    rows.push({
      metric: "Side panel interactive p50 (ms) / JS",
      baseline: "n/a",
      ours: `${ms(r.load.sidepanel.interactive.p50)} / ${kb(r.load.sidepanel.bytes.js)}`,
      ratio: ""
    })
  }
  return rows
}
