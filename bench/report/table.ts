import type { BenchResults } from "../support/results"
import { ratio } from "../support/stats"
import { ms, perSec, times } from "./format"
import type { Goal } from "./goals"
import { figureRows } from "./rows"
import { inspectorRows } from "./rows-inspector"
import { packageRows } from "./rows-package"
import { streamRows } from "./rows-streams"

function pad(cells: string[], widths: number[]): string {
  return cells
    .map((cell, i) =>
      i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])
    )
    .join("  ")
}

/** Verdict of a goal as one word. */
export function verdict(goal: Goal): string {
  if (goal.met === null) return "not measured"
  return goal.met ? "met" : "MISSED"
}

/** Prints the figures and the goals to stdout. */
export function printTable(r: BenchResults, goals: Goal[]): void {
  const header = ["", "baseline", "ours", "ratio"]
  const rows = [
    ...figureRows(r),
    ...streamRows(r),
    ...inspectorRows(r),
    ...packageRows(r)
  ].map((row) => [row.metric, row.baseline, row.ours, row.ratio])
  const widths = header.map((_, i) =>
    Math.max(header[i].length, ...rows.map((row) => row[i].length))
  )
  const lines = [
    `Benchmark (${r.meta.mode}) · ${r.meta.browser} · ${r.meta.cpus} · ${r.meta.durationSec} s · commit ${r.meta.commit}`,
    "",
    pad(header, widths),
    ...rows.map((row) => pad(row, widths)),
    "",
    "Goals:",
    ...goals.map(
      (goal) =>
        `  ${verdict(goal).padEnd(6)}  ${goal.label} ${goal.target}: ${goal.measured}${goal.miss ? ` — ${goal.miss}` : ""}`
    )
  ]
  if (!("skipped" in r.ablation)) {
    const raw = r.ablation.variants[0]
    lines.splice(
      lines.indexOf("Goals:"),
      0,
      "Baseline worker plus one of our per-message costs (ablation):",
      ...r.ablation.variants.map(
        (v) =>
          `  ${v.name.padEnd(24)} round trip p50 ${ms(v.rtt.p50)} ms (+${ms(v.rtt.p50 - raw.rtt.p50)}), burst ${perSec(v.burstMsgsPerSec)} (${times(ratio(v.burstMsgsPerSec, raw.burstMsgsPerSec))})`
      ),
      ""
    )
  }
  if ("skipped" in r.log) lines.push(`  Log: skipped (${r.log.skipped})`)
  if ("skipped" in r.load.sidepanel) {
    lines.push(`  Side panel: skipped (${r.load.sidepanel.skipped})`)
  }
  if ("skipped" in r.streams) lines.push(`  Streams: ${r.streams.skipped}`)
  console.log(lines.join("\n"))
}
