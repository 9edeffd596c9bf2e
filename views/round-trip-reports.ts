import type { ClientMessage, DeliveryReport } from "~protocol"
import { MAX_REPORTS } from "~protocol/shapes"

/** How long after a reply its round trip is reported (batched with others). */
const REPORT_DELAY_MS = 250
/**
 * Reports held (waiting, or posted and not yet `noted`); past this the
 * oldest go. Its own bound, not the log's LOG_SHOWN: it caps what one view
 * holds through a long outage, and a report whose entry the background has
 * pruned meanwhile is ignored there anyway.
 */
const MAX_PENDING_REPORTS = 500

/** How the reports reach the background. */
interface RoundTripReportsOptions {
  /** Posts on the open port; false when it could not. */
  post: (message: ClientMessage) => boolean
  isOpen: () => boolean
}

/** A posted `delivered` batch: its size as posted, and the reports still held. */
interface PostedBatch {
  size: number
  reports: DeliveryReport[]
}

/**
 * This view's round trips, reported to the background, which shares them
 * with every view through the log. Reports go out in `delivered` batches a
 * little after the replies, so they never compete with the messages
 * themselves. A batch is held until the `noted` that answers it: a port
 * that drops first may have lost it, so the next connection sends it again
 * (the background ignores a report for an entry that already has one).
 */
export function createRoundTripReports(options: RoundTripReportsOptions) {
  const waiting: DeliveryReport[] = []
  // Oldest first: a port answers in order, so a `noted` is about posted[0].
  let posted: PostedBatch[] = []
  let held = 0
  let warned = false
  let timer: ReturnType<typeof setTimeout> | null = null

  function flush(): void {
    timer = null
    if (!options.isOpen()) return
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MAX_REPORTS)
      if (!options.post({ type: "delivered", reports: batch })) return
      waiting.splice(0, batch.length)
      posted.push({ size: batch.length, reports: batch })
    }
  }

  function schedule(): void {
    if (timer || waiting.length === 0) return
    timer = setTimeout(flush, REPORT_DELAY_MS)
  }

  function stop(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  /** Forgets the oldest report held, posted or not (a batch keeps its size). */
  function dropOldest(): void {
    const batch = posted.find((b) => b.reports.length > 0)
    if (batch) batch.reports.shift()
    else waiting.shift()
    held -= 1
  }

  return {
    /** Queues the round trip of message `id` (ms, kept to 0.1 ms). */
    add(id: string, rttMs: number): void {
      waiting.push({ id, rttMs: Math.round(rttMs * 10) / 10 })
      held += 1
      if (held > MAX_PENDING_REPORTS) dropOldest()
      schedule()
    },
    /** The background's `noted`: it took the oldest batch still unanswered. */
    noted(count: number): void {
      const oldest = posted[0]
      if (oldest?.size === count) {
        posted.shift()
        held -= oldest.reports.length
        return
      }
      // Not the answer expected: keep everything (a re-send is harmless).
      if (!warned) console.warn("Unexpected noted count", count, oldest?.size)
      warned = true
    },
    /** A connection opened: what waits goes out with the next batch. */
    opened: schedule,
    /** The connection went: unanswered batches go first on the next one. */
    closed(): void {
      stop()
      waiting.unshift(...posted.flatMap((batch) => batch.reports))
      posted = []
    },
    dispose: stop
  }
}
