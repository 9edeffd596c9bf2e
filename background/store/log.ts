import type { LogEntry } from "~protocol"
import { DROPPED_KEY, entryKey } from "~storage/layout"

import type { WritePipeline } from "./write-pipeline"

/** How large the log may grow, by count and by size. */
export interface LogBounds {
  /** Entries kept; older ones are dropped (and counted) in batches. */
  maxEntries: number
  /** How far past `maxEntries` the log may grow before a pruning batch. */
  pruneSlack: number
  /** Upper bound on the log's size in storage (estimated UTF-8 bytes). */
  maxLogBytes: number
}

/** Worst-case UTF-8 size of an entry in storage (3 bytes per UTF-16 unit, plus its fields). */
function entryBytes(entry: LogEntry): number {
  return 3 * (entry.text.length + entry.reply.length) + 200
}

/**
 * The background's copy of the visible log, bounded by entry count and by
 * size, and the writes that keep storage in step with it (pruning, Clear,
 * round trips). The size matters because the session area holds 10 MB in
 * all: long messages in a 3-byte script would fill it before the count is
 * reached, and writes would fail.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-session
 */
export class BoundedLog {
  private entries: LogEntry[] = []
  private bytes = 0
  private dropped = 0
  /** False until the stored log is read: its size is unknown, so nothing is pruned blind. */
  private bounded = false

  constructor(
    private readonly writes: WritePipeline,
    private readonly bounds: LogBounds
  ) {}

  /** Takes the stored dropped count (read with the seq, before the entries). */
  restoreDropped(dropped: number): void {
    this.dropped = dropped
  }

  /**
   * Adds the stored entries. Entries recorded since this worker started are
   * kept as they are here: the read may or may not include them.
   */
  merge(stored: readonly LogEntry[]): void {
    const recorded = new Set(this.entries.map((entry) => entry.seq))
    const older = stored.filter((entry) => !recorded.has(entry.seq))
    this.entries = [...older, ...this.entries].sort((a, b) => a.seq - b.seq)
  }

  /** Applies the bound from here on (once the stored log is read, or given up on). */
  bound(): void {
    this.bytes = this.entries.reduce((sum, e) => sum + entryBytes(e), 0)
    this.bounded = true
    this.prune()
  }

  /** Adds a new entry (the caller writes it, with its answered record). */
  append(entry: LogEntry): void {
    this.entries.push(entry)
    this.bytes += entryBytes(entry)
  }

  /** Drops the oldest entries beyond the count (in batches) or the byte budget. */
  prune(): void {
    if (!this.bounded) return
    const { maxEntries, pruneSlack, maxLogBytes } = this.bounds
    let excess = 0
    if (this.entries.length > maxEntries + pruneSlack) {
      excess = this.entries.length - maxEntries
    }
    if (this.bytes > maxLogBytes) {
      // Down to 90% of the budget, so the next few entries don't prune again.
      let bytes = this.bytes
      let count = 0
      while (count < this.entries.length - 1 && bytes > maxLogBytes * 0.9) {
        bytes -= entryBytes(this.entries[count])
        count++
      }
      excess = Math.max(excess, count)
    }
    if (excess === 0) return
    const removed = this.entries.splice(0, excess)
    for (const entry of removed) this.bytes -= entryBytes(entry)
    this.dropped += removed.length
    this.writes.remove(removed.map((entry) => entryKey(entry.seq)))
    this.writes.set({ [DROPPED_KEY]: this.dropped })
  }

  /** The entry numbered `seq`, while the log has it. */
  find(seq: number): LogEntry | undefined {
    return this.entries.findLast((e) => e.seq === seq)
  }

  /**
   * Adds the sender's round trip to the entry numbered `seq`, if it is still
   * in the log, came from `clientId` and has none yet; returns the updated entry.
   */
  noteRoundTrip(
    seq: number,
    clientId: string,
    rttMs: number
  ): LogEntry | undefined {
    const index = this.entries.findLastIndex((e) => e.seq === seq)
    const entry = this.entries[index]
    if (!entry || entry.from.clientId !== clientId) return undefined
    if (entry.rttMs !== undefined) return undefined
    const updated: LogEntry = { ...entry, rttMs }
    this.entries[index] = updated
    this.writes.set({ [entryKey(updated.seq)]: updated })
    return updated
  }

  /** Empties the log and its dropped count, in memory and in storage. */
  clear(): void {
    const keys = this.entries.map((entry) => entryKey(entry.seq))
    this.entries = []
    this.bytes = 0
    this.dropped = 0
    this.writes.remove([...keys, DROPPED_KEY])
  }
}
