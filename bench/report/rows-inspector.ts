import type { BenchResults } from "../support/results"
import { ratio } from "../support/stats"
import { ms, perSec, times } from "./format"
import type { Row } from "./rows"

/**
 * Rows for the DevTools Ports panel's cost: our raw port with no panel
 * connected ("baseline" column) and with one ("ours" column), from the same
 * run's alternating blocks.
 */
export function inspectorRows(r: Pick<BenchResults, "inspector">): Row[] {
  const i = r.inspector
  if (!i) return []
  return [
    ...(["p50", "p95"] as const).map((q) => ({
      metric: `Port round trip, no Ports panel / panel open ${q} (ms)`,
      baseline: ms(i.closed[q]),
      ours: ms(i.open[q]),
      ratio: times(ratio(i.open[q], i.closed[q]))
    })),
    {
      metric: `Burst, no Ports panel / panel open (msgs/s; ${i.rowsMirrored.toLocaleString("en-US")} rows mirrored)`,
      baseline: perSec(i.burstClosed),
      ours: perSec(i.burstOpen),
      ratio: times(ratio(i.burstOpen, i.burstClosed))
    }
  ]
}
