import type { BenchResults } from "../support/results"
import { ratio } from "../support/stats"
import { ms, perSec, times } from "./format"
import type { Row } from "./rows"

/**
 * Rows for issue 23: mv3-port in the bench extension. The "baseline"
 * column is a raw port to the same worker, the "ours" column the package.
 */
export function packageRows(r: Pick<BenchResults, "packagePort">): Row[] {
  const { rtt, burst } = r.packagePort
  const counts = (s: typeof burst.raw) =>
    `${s.lost} / ${s.duplicates} / ${s.outOfOrder} / ${s.repliesOutOfOrder}`
  return [
    ...(["p50", "p95", "p99"] as const).map((q) => ({
      metric: `mv3-port / raw port, round trip ${q} (ms, ${rtt.package.n} each)`,
      baseline: ms(rtt.raw[q]),
      ours: ms(rtt.package[q]),
      ratio: times(ratio(rtt.package[q], rtt.raw[q]))
    })),
    {
      metric: `mv3-port / raw port, burst of ${burst.messages.toLocaleString("en-US")} (median of ${burst.package.runs.length})`,
      baseline: perSec(burst.raw.msgsPerSec),
      ours: perSec(burst.package.msgsPerSec),
      ratio: times(ratio(burst.package.msgsPerSec, burst.raw.msgsPerSec))
    },
    {
      metric:
        "mv3-port / raw port, burst lost / duplicated / out of order / replies out of handled order",
      baseline: counts(burst.raw),
      ours: counts(burst.package),
      ratio: ""
    }
  ]
}
