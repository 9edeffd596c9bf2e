import type { LogEntry } from "~protocol"

import {
  messageKey,
  type LiveReply,
  type LogSnapshot
} from "./conversation-log"
import type { OwnMessage } from "./conversation-types"

/**
 * The timeline's rows as data: which rows a window of it shows and how many
 * arrived after a given one. Every function here costs in proportion to the
 * rows it returns or counts, never to the whole log, so appending to a
 * 500-entry log costs what appending to a 5-entry one does.
 */

/** One row: a recorded entry (any view's), or one of this view's messages not recorded yet. */
export type TimelineRow =
  | { kind: "entry"; key: string; entry: LogEntry; own: boolean }
  | { kind: "pending"; key: string; message: OwnMessage }
  | { kind: "live"; key: string; live: LiveReply }

/** Entries shown at first and added by each "Show older": more than a side panel's height. */
export const TIMELINE_PAGE = 50

/** Every row of the timeline, recorded and pending. */
export function rowCount(log: LogSnapshot): number {
  return log.entries.length + log.live.length + log.pending.length
}

/**
 * Row `i` of the timeline, oldest first: the entries, other views' streams
 * still running, then every pending message.
 */
function rowAt(log: LogSnapshot, clientId: string, i: number): TimelineRow {
  const { entries, live } = log
  if (i < entries.length) {
    const entry = entries[i]
    const { from, id } = entry
    const own = from.clientId === clientId
    return { kind: "entry", key: messageKey(from.clientId, id), entry, own }
  }
  if (i < entries.length + live.length) {
    const reply = live[i - entries.length]
    const key = messageKey(reply.from.clientId, reply.id)
    return { kind: "live", key, live: reply }
  }
  const message = log.pending[i - entries.length - live.length]
  return { kind: "pending", key: messageKey(clientId, message.id), message }
}

/**
 * The rows a window starting at entry index `start` shows, through the
 * newest. Pending ones are never cut: they are what the reader may still
 * act on (Retry), and the client bounds them (its queue limit plus the
 * newest failed ones).
 */
export function rowsFrom(
  log: LogSnapshot,
  clientId: string,
  start: number
): TimelineRow[] {
  const rows: TimelineRow[] = []
  for (let i = Math.max(0, start); i < rowCount(log); i++) {
    rows.push(rowAt(log, clientId, i))
  }
  return rows
}

/**
 * Where a window that starts at entry `seq` starts now: the index of the
 * first entry at or after it (entries are in seq order; older ones may
 * have been dropped meanwhile). A binary search: the log's length does not
 * show in the cost.
 */
export function indexOfSeq(log: LogSnapshot, seq: number): number {
  let low = 0
  let high = log.entries.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (log.entries[mid].seq < seq) low = mid + 1
    else high = mid
  }
  return low
}

/** The newest row's key; null when the timeline is empty. */
export function lastRowKey(log: LogSnapshot, clientId: string): string | null {
  const count = rowCount(log)
  return count > 0 ? rowAt(log, clientId, count - 1).key : null
}

/**
 * How many rows follow the row `key` (the newest one the reader had seen).
 * When that row is gone (cleared, or dropped from the bounded log), every
 * row is new to the reader.
 */
export function rowsAfter(
  log: LogSnapshot,
  clientId: string,
  key: string | null
): number {
  const count = rowCount(log)
  for (let i = count - 1; i >= 0; i--) {
    if (rowAt(log, clientId, i).key === key) return count - 1 - i
  }
  return count
}
