import type { FailReason, ItemState, OutboxItem } from "mv3-port/core"

import type { ServerMessage } from "~protocol"
import { LOG_SHOWN } from "~storage/layout"

/** How one of this view's messages fared, for its row in the timeline. */
export interface Delivery {
  state: ItemState
  /** Times it was posted on a port. */
  attempts: number
  rttMs?: number
  failure?: FailReason<ServerMessage>
}

/** Deliveries remembered for the log (as many entries as it shows). */
const DELIVERIES_KEPT = LOG_SHOWN

/**
 * The deliveries of this view's own messages by id, the newest
 * DELIVERIES_KEPT. An entry's object changes only when that message's
 * delivery does, so a log row that reads it re-renders only for its own
 * message.
 */
export function createDeliveryCache() {
  const deliveries = new Map<string, Delivery>()
  return {
    /** Records the delivery of `item` after any change to it. */
    record(item: OutboxItem<unknown, ServerMessage>): void {
      // Re-inserted so that the Map's first key is the least recently changed.
      deliveries.delete(item.id)
      const { state, attempts, rttMs, failure } = item
      deliveries.set(item.id, { state, attempts, rttMs, failure })
      if (deliveries.size > DELIVERIES_KEPT) {
        deliveries.delete(deliveries.keys().next().value!)
      }
    },
    /** How message `id` fared, if it is among those kept. */
    get(id: string): Delivery | undefined {
      return deliveries.get(id)
    }
  }
}
