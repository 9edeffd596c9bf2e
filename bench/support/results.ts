import type { AblationResult } from "../phases/ablation"
import type { BadInputResult } from "../phases/bad-input"
import type { BundleResult } from "../phases/bundle"
import type { BurstPhaseResult } from "../phases/burst"
import type { FirstOpenResult } from "../phases/first-open"
import type { HeapResult } from "../phases/heap"
import type { InspectorResult } from "../phases/inspector"
import type { LoadResult } from "../phases/load"
import type { LogResult } from "../phases/log"
import type { LogLoadResult } from "../phases/log-load"
import type { PackagePortResult } from "../phases/package-port"
import type { PortRttResult } from "../phases/port-rtt"
import type { RecoveryResult } from "../phases/recovery"
import type { StreamsResult } from "../phases/streams"
import type { UiRttResult } from "../phases/ui-rtt"

/** Everything one run measured, as written to bench/results/*.json. */
export interface BenchResults {
  meta: {
    date: string
    mode: "full" | "quick"
    commit: string
    browser: string
    node: string
    cpus: string
    durationSec: number
    baselineId: string
    oursId: string
    /** Which driver produced which figure. */
    drivers: Record<string, string>
  }
  portRtt: PortRttResult
  uiRtt: UiRttResult
  burst: BurstPhaseResult
  ablation: AblationResult
  heap: HeapResult
  load: LoadResult
  recovery: RecoveryResult
  log: LogResult
  logLoad: LogLoadResult
  firstOpen: FirstOpenResult
  streams: StreamsResult
  /** mv3-port itself against a raw port, in the bench extension. */
  packagePort: PackagePortResult
  /** The Ports panel's cost (absent in runs from before it existed). */
  inspector?: InspectorResult
  /** What a malformed message costs the next valid one (absent in older runs). */
  badInput?: BadInputResult
  bundle: BundleResult | { skipped: string }
}
