import type { LogEntry } from "~protocol"
import { LOG_SHOWN, type StoredLog } from "~storage/layout"

import type { OutgoingMessage } from "./conversation-types"

/** What a view renders of the conversation: its timeline's rows, oldest first. */
export interface LogSnapshot {
  /** Recorded entries, every view's, in seq order. */
  entries: readonly LogEntry[]
  /**
   * This view's messages not recorded yet (queued, sending, failed), in the
   * order they were typed: they follow the entries, as a chat's unsent
   * messages do. A message already among `entries` is not repeated here.
   */
  pending: readonly OutgoingMessage[]
  /** Older entries dropped to keep the log bounded. */
  dropped: number
}

/**
 * A view's copy of the shared conversation log. It is read from
 * `chrome.storage.session` when the view opens and whenever it (re)connects,
 * and in between kept current by the background's replies and relays, so a
 * burst of messages costs each view one port message per entry and no
 * storage events. Entries are keyed by `seq`: the same entry arriving twice
 * is stored once. It also holds this view's own messages not yet answered
 * (`setPending`), so that one snapshot, drawn at one moment, has each
 * message exactly once whether its reply or its state change came first.
 */
export class ConversationLog {
  private readonly bySeq = new Map<number, LogEntry>()
  private dropped = 0
  /**
   * The highest seq this view had when the log was last cleared. The
   * background removes cleared entries from storage and never reuses a seq,
   * so an entry at or below it can only come from a read or a message that
   * predates the Clear.
   */
  private clearedThrough = 0
  /** When (in `upsert` calls) each entry held was last added by a reply or relay. */
  private readonly touched = new Map<number, number>()
  private upserts = 0
  private pending: readonly OutgoingMessage[] = []
  private pendingFrom = ""
  private snapshot: LogSnapshot | null = null
  private readonly listeners = new Set<() => void>()

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The entries in seq order: the same object until something changes. */
  getSnapshot = (): LogSnapshot => {
    this.snapshot ??= this.buildSnapshot()
    return this.snapshot
  }

  private buildSnapshot(): LogSnapshot {
    const entries = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq)
    let pending = this.pending.filter((m) => m.state !== "replied")
    if (pending.length > 0) {
      const recorded = new Set(
        entries
          .filter((e) => e.from.clientId === this.pendingFrom)
          .map((e) => e.id)
      )
      pending = pending.filter((m) => !recorded.has(m.id))
    }
    return { entries, pending, dropped: this.dropped }
  }

  /**
   * Takes the messages of view `clientId` (this one) as its client lists
   * them, in request order; the replied ones are shown through their entries.
   */
  setPending(messages: readonly OutgoingMessage[], clientId: string): void {
    // The client's list is rebuilt on any change of its state (a status
    // change too); its items are replaced only when they change, so an
    // equal list is no change to draw.
    const same =
      clientId === this.pendingFrom &&
      messages.length === this.pending.length &&
      messages.every((m, i) => m === this.pending[i])
    if (same) return
    this.pending = messages
    this.pendingFrom = clientId
    this.changed()
  }

  private changed(): void {
    this.snapshot = null
    for (const listener of [...this.listeners]) listener()
  }

  /** A point in this log's history to pass to `load`: take it just before reading storage. */
  mark(): number {
    return this.upserts
  }

  /**
   * Takes what storage holds (from `readViewLog`), as read starting at
   * `since` (from `mark`). Storage is the truth, except for entries that
   * replies or relays added after the read started: the read may predate
   * them. Anything else this view holds that storage lacks is gone (pruned,
   * or cleared by another view while this one was not connected to hear it).
   */
  load(stored: StoredLog, since = this.upserts): void {
    const kept = stored.entries.filter(
      (entry) => entry.seq > this.clearedThrough
    )
    const later = [...this.bySeq.values()].filter(
      (entry) => (this.touched.get(entry.seq) ?? 0) > since
    )
    this.bySeq.clear()
    for (const [seq, at] of this.touched) {
      if (at <= since) this.touched.delete(seq)
    }
    for (const entry of [...kept, ...later]) this.bySeq.set(entry.seq, entry)
    this.dropped = stored.dropped
    this.trim()
    this.changed()
  }

  /** Adds (or replaces) one entry, from a reply or a relay. */
  upsert(entry: LogEntry): void {
    if (entry.seq <= this.clearedThrough) return
    this.bySeq.set(entry.seq, entry)
    this.touched.set(entry.seq, ++this.upserts)
    this.trim()
    this.changed()
  }

  /** Empties the log: a Clear, by this view or another. */
  clear(): void {
    this.clearedThrough = Math.max(this.clearedThrough, ...this.bySeq.keys())
    this.bySeq.clear()
    this.touched.clear()
    this.dropped = 0
    this.changed()
  }

  /** Keeps the newest LOG_SHOWN entries and counts the rest as dropped. */
  private trim(): void {
    let excess = this.bySeq.size - LOG_SHOWN
    if (excess <= 0) return
    const oldest = [...this.bySeq.keys()].sort((a, b) => a - b)
    for (const seq of oldest) {
      if (excess-- <= 0) break
      this.bySeq.delete(seq)
      this.touched.delete(seq)
      this.dropped++
    }
  }
}
