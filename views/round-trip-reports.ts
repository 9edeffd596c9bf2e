import type { DeliveryReport } from "~protocol"
import { MAX_REPORTS } from "~protocol/shapes"

import type { ViewClient } from "./conversation-types"

/** How long after a reply its round trip is reported (batched with others). */
const REPORT_DELAY_MS = 250
/**
 * Reports held while they cannot go; past this the oldest go. It caps what
 * one view holds through a long outage, and a report whose entry the
 * worker has pruned meanwhile is ignored there anyway.
 */
const MAX_PENDING_REPORTS = 500

/**
 * This view's round trips, reported to the worker, which shares them with
 * every view through the log. Reports go out in `delivered` batches a
 * little after the replies, so they never compete with the messages
 * themselves. The package re-sends a batch after a worker stop; one that
 * fails for good (the user disconnected, reconnecting gave up) is held for
 * the next connection.
 */
export function createRoundTripReports(client: ViewClient) {
  const waiting: DeliveryReport[] = []
  let timer: ReturnType<typeof setTimeout> | null = null
  const isOpen = () => client.status === "connected"
  let wasOpen = false
  // A connection opened: what waits goes out with the next batch.
  const unsubscribe = client.subscribe(() => {
    if (isOpen() && !wasOpen) schedule()
    wasOpen = isOpen()
  })

  /** Adds `reports` to what waits (`first`: ahead of it), dropping the oldest past the bound. */
  function hold(reports: DeliveryReport[], first: boolean): void {
    if (first) waiting.unshift(...reports)
    else waiting.push(...reports)
    waiting.splice(0, Math.max(0, waiting.length - MAX_PENDING_REPORTS))
  }

  function flush(): void {
    timer = null
    if (!isOpen()) return
    while (waiting.length > 0) {
      const reports = waiting.splice(0, MAX_REPORTS)
      client.request("delivered", { reports }).catch(() => hold(reports, true))
    }
  }

  function schedule(): void {
    if (timer || waiting.length === 0) return
    timer = setTimeout(flush, REPORT_DELAY_MS)
  }

  return {
    /** Queues the round trip of message `id` (ms, kept to 0.1 ms). */
    add(id: string, rttMs: number): void {
      hold([{ id, rttMs: Math.round(rttMs * 10) / 10 }], false)
      schedule()
    },
    dispose(): void {
      unsubscribe()
      if (timer) clearTimeout(timer)
      timer = null
    }
  }
}
