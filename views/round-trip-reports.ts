import type { ClientMessage, DeliveryReport } from "~protocol"
import { MAX_REPORTS } from "~protocol/messages"

/** How long after a reply its round trip is reported (batched with others). */
const REPORT_DELAY_MS = 250
/** Reports held while they cannot be sent; the oldest go first past this. */
const MAX_PENDING_REPORTS = 500

export interface RoundTripReportsOptions {
  /** Posts on the open port; false when it could not. */
  post: (message: ClientMessage) => boolean
  isOpen: () => boolean
}

/**
 * This view's round trips, reported to the background, which shares them
 * with every view through the log. Reports go out in `delivered` batches a
 * little after the replies, so they never compete with the messages
 * themselves; a batch that cannot be posted waits for the next connection.
 */
export function createRoundTripReports(options: RoundTripReportsOptions) {
  const reports: DeliveryReport[] = []
  let timer: ReturnType<typeof setTimeout> | null = null

  function flush(): void {
    timer = null
    if (!options.isOpen()) return
    while (reports.length > 0) {
      const batch = reports.slice(0, MAX_REPORTS)
      if (!options.post({ type: "delivered", reports: batch })) return
      reports.splice(0, batch.length)
    }
  }

  function schedule(): void {
    if (timer || reports.length === 0) return
    timer = setTimeout(flush, REPORT_DELAY_MS)
  }

  function stop(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  return {
    /** Queues the round trip of message `id` (ms, kept to 0.1 ms). */
    add(id: string, rttMs: number): void {
      reports.push({ id, rttMs: Math.round(rttMs * 10) / 10 })
      if (reports.length > MAX_PENDING_REPORTS) reports.shift()
      schedule()
    },
    /** A connection opened: what waits goes out with the next batch. */
    opened: schedule,
    /** The connection went: reports wait for the next one. */
    closed: stop,
    dispose: stop
  }
}
