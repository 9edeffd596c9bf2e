import { MAX_TRAFFIC_ROWS, type MessageRow, type ViewLine } from "~protocol"

/** One mirrored row, tagged with which list of a `traffic` message it goes in. */
export type Row =
  { list: "messages"; row: MessageRow } | { list: "views"; row: ViewLine }

/** One `traffic` message's worth of rows. */
export interface TrafficBatch {
  messages: MessageRow[]
  views: ViewLine[]
  dropped: number
}

/**
 * Rows waiting for the next `traffic` message, at most `limit` of them: an
 * inspector that cannot keep up (or a flood of messages) loses the oldest
 * rows, and the next batch says how many, rather than the worker's memory
 * growing without bound.
 */
export function createRowBatch(limit: number) {
  let rows: Row[] = []
  let dropped = 0

  return {
    get size(): number {
      return rows.length
    },

    push(row: Row): void {
      rows.push(row)
      // Drop in steps of a quarter of the limit, so a flood costs one
      // splice per many rows instead of a shift per row.
      if (rows.length > limit + Math.ceil(limit / 4)) {
        const over = rows.length - limit
        rows.splice(0, over)
        dropped += over
      }
    },

    /** Everything waiting, split into `traffic` messages of at most MAX_TRAFFIC_ROWS rows. */
    take(): TrafficBatch[] {
      if (rows.length > limit) {
        dropped += rows.length - limit
        rows = rows.slice(rows.length - limit)
      }
      const batches: TrafficBatch[] = []
      for (let start = 0; start < rows.length; start += MAX_TRAFFIC_ROWS) {
        const batch: TrafficBatch = { messages: [], views: [], dropped: 0 }
        for (const item of rows.slice(start, start + MAX_TRAFFIC_ROWS)) {
          if (item.list === "messages") batch.messages.push(item.row)
          else batch.views.push(item.row)
        }
        batches.push(batch)
      }
      if (dropped > 0) {
        if (batches.length === 0)
          batches.push({ messages: [], views: [], dropped: 0 })
        batches[0].dropped = dropped
      }
      rows = []
      dropped = 0
      return batches
    },

    clear(): void {
      rows = []
      dropped = 0
    }
  }
}
