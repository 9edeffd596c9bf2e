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

function entryRow(entry: LogEntry, clientId: string): TimelineRow {
  return {
    kind: "entry",
    key: messageKey(entry.from.clientId, entry.id),
    entry,
    own: entry.from.clientId === clientId
  }
}

/**
 * The rows a window starting at entry index `start` shows, oldest first:
 * the entries from there on, other views' streams still running, then
 * every pending message. Pending ones are never cut: they are what the
 * reader may still act on (Retry), and the client bounds them (its queue
 * limit plus the newest failed ones).
 */
export function rowsFrom(
  log: LogSnapshot,
  clientId: string,
  start: number
): TimelineRow[] {
  const { entries, pending } = log
  const rows: TimelineRow[] = []
  for (let i = Math.max(0, start); i < entries.length; i++) {
    rows.push(entryRow(entries[i], clientId))
  }
  for (const live of log.live) {
    rows.push({
      kind: "live",
      key: messageKey(live.from.clientId, live.id),
      live
    })
  }
  for (const message of pending) {
    rows.push({
      kind: "pending",
      key: messageKey(clientId, message.id),
      message
    })
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
  const message = log.pending.at(-1)
  if (message) return messageKey(clientId, message.id)
  const live = log.live.at(-1)
  if (live) return messageKey(live.from.clientId, live.id)
  const entry = log.entries.at(-1)
  return entry ? messageKey(entry.from.clientId, entry.id) : null
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
  const { entries, pending } = log
  let after = 0
  for (let i = pending.length - 1; i >= 0; i--, after++) {
    if (messageKey(clientId, pending[i].id) === key) return after
  }
  for (let i = log.live.length - 1; i >= 0; i--, after++) {
    const { from, id } = log.live[i]
    if (messageKey(from.clientId, id) === key) return after
  }
  for (let i = entries.length - 1; i >= 0; i--, after++) {
    const { from, id } = entries[i]
    if (messageKey(from.clientId, id) === key) return after
  }
  return after
}
