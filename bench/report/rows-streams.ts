import type { BenchResults } from "../support/results"
import { ratio } from "../support/stats"
import { mb, ms, times } from "./format"
import { mbps } from "./goals-streams"
import type { Row } from "./rows"

/**
 * Rows for issue 13's streams: uploads, the worker's heap, another view's
 * round trips, the resume after worker stops, streamed replies. The
 * "baseline" column holds each one's reference from the same run.
 */
export function streamRows(r: Pick<BenchResults, "streams">): Row[] {
  const s = r.streams
  if ("skipped" in s) {
    return [
      { metric: "Streams", baseline: "skipped", ours: "skipped", ratio: "" }
    ]
  }
  const size = mb(s.fileBytes).replace(".00", "")
  return [
    {
      metric: `Upload of ${size} via Send file / raw port, best of ${s.rawRuns} (MB/s)`,
      baseline: mbps(s.rawMBps),
      ours: mbps(s.uploadMBps),
      ratio: times(ratio(s.uploadMBps, s.rawMBps))
    },
    {
      metric: `Worker JS heap during an upload, idle / peak (${s.heap.samples} samples)`,
      baseline: mb(s.heap.idleBytes),
      ours: mb(s.heap.peakBytes),
      ratio: times(ratio(s.heap.peakBytes, s.heap.idleBytes))
    },
    ...(s.heap.retainedPeakBytes === undefined
      ? []
      : [
          {
            metric:
              "Worker JS heap during an upload, idle / peak retained after a collection",
            baseline: mb(s.heap.idleBytes),
            ours: mb(s.heap.retainedPeakBytes),
            ratio: times(ratio(s.heap.retainedPeakBytes, s.heap.idleBytes))
          }
        ]),
    {
      metric: `Streamed reply, click → first chunk p50 / whole reply p50 (ms, ${s.firstChunk.n} each)`,
      baseline: ms(s.normalReply.p50),
      ours: ms(s.firstChunk.p50),
      ratio: times(ratio(s.firstChunk.p50, s.normalReply.p50))
    },
    {
      metric: "Streamed reply, click → its first text in #response p50 (ms)",
      baseline: ms(s.normalReply.p50),
      ours: ms(s.firstText.p50),
      ratio: times(ratio(s.firstText.p50, s.normalReply.p50))
    },
    {
      metric: `Worker stop mid-upload → chunks flowing again p50 / max (ms, ${s.resume.n} of ${s.stops})`,
      baseline: "n/a",
      ours: `${ms(s.resume.p50)} / ${ms(s.resume.max)}`,
      ratio: ""
    },
    {
      metric: "Worker stop mid-upload → the new port's first grant p50 (ms)",
      baseline: "n/a",
      ours: ms(s.reconnect.p50),
      ratio: ""
    },
    {
      metric: `Side panel's port round trip during an upload p50 / p95 (ms, ${s.otherViewRtt.n} pings)`,
      baseline: "n/a",
      ours: `${ms(s.otherViewRtt.p50)} / ${ms(s.otherViewRtt.p95)}`,
      ratio: ""
    }
  ]
}
