import type { EventData } from "mv3-port"

import type { LogEntry } from "~protocol"
import type { Conversation } from "~protocol/conversation"
import { LOG_SHOWN, type StoredLog } from "~storage/layout"

import type { OwnMessage } from "./conversation-types"
import { createSnapshotStore } from "./snapshot-store"

/**
 * Longest a burst of timeline changes waits to be drawn: one frame. A Send
 * and its reply are each drawn at once (see `createSnapshotStore`); during a
 * flood the timeline redraws at most twice a frame instead of once per
 * message, and another view's message still shows within a frame.
 */
const LOG_RENDER_INTERVAL_MS = 16

/**
 * A message's sender and id as one key: how the log finds a pending
 * message's entry, and the timeline's row key (a message keeps it from
 * pending to recorded, so its row is updated in place, not replaced).
 */
export const messageKey = (clientId: string, id: string) => `${clientId}/${id}`

/** What a view renders of the conversation: its timeline's rows, oldest first. */
export interface LogSnapshot {
  /** Recorded entries, every view's, in seq order. */
  entries: readonly LogEntry[]
  /**
   * This view's messages not recorded yet (queued, sending, failed), in the
   * order they were typed: they follow the entries, as a chat's unsent
   * messages do. A message already among `entries` is not repeated here.
   */
  pending: readonly OwnMessage[]
  /** Other views' streamed replies while they run, until their entries arrive. */
  live: readonly LiveReply[]
  /** Older entries dropped to keep the log bounded. */
  dropped: number
}

/** Another view's streamed reply so far, as the background relays it. */
export type LiveReply = EventData<Conversation, "progress">

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
  /**
   * The same entries in seq order. Replaced, never changed in place, so a
   * snapshot keeps its array; kept sorted as entries come (almost always
   * newest last), so no change sorts the log.
   */
  private sorted: readonly LogEntry[] = []
  /** Seq of each entry by sender and message id, to find a pending message's entry. */
  private readonly byMessage = new Map<string, number>()
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
  private pending: readonly OwnMessage[] = []
  private pendingFrom = ""
  private readonly live = new Map<string, LiveReply>()
  private readonly store = createSnapshotStore(
    () => this.buildSnapshot(),
    LOG_RENDER_INTERVAL_MS
  )

  /** Calls `listener` after changes, at most twice a frame; returns the unsubscribe. */
  readonly subscribe = this.store.subscribe

  /** The entries in seq order: the same object until something changes. */
  readonly getSnapshot = this.store.getSnapshot

  private buildSnapshot(): LogSnapshot {
    const pending = this.pending.filter(
      (m) =>
        m.state !== "replied" &&
        !this.byMessage.has(messageKey(this.pendingFrom, m.id))
    )
    const live = [...this.live.values()].filter(
      (r) => !this.byMessage.has(messageKey(r.from.clientId, r.id))
    )
    return { entries: this.sorted, pending, live, dropped: this.dropped }
  }

  /** Adds or replaces `entry` in every index. */
  private put(entry: LogEntry): void {
    const old = this.bySeq.get(entry.seq)
    if (old) this.byMessage.delete(messageKey(old.from.clientId, old.id))
    this.index(entry)
    const last = this.sorted.at(-1)
    if (!old && (!last || last.seq < entry.seq)) {
      this.sorted = [...this.sorted, entry]
    } else if (old) {
      this.sorted = this.sorted.map((e) => (e.seq === entry.seq ? entry : e))
    } else {
      this.sorted = [...this.sorted, entry].sort((a, b) => a.seq - b.seq)
    }
  }

  /** Finds `entry` by seq and by sender and message id. */
  private index(entry: LogEntry): void {
    this.bySeq.set(entry.seq, entry)
    this.byMessage.set(messageKey(entry.from.clientId, entry.id), entry.seq)
  }

  /** Forgets every entry. */
  private empty(): void {
    this.bySeq.clear()
    this.byMessage.clear()
    this.sorted = []
  }

  /**
   * Takes the messages of view `clientId` (this one) as its client lists
   * them, in request order; the replied ones are shown through their entries.
   */
  setPending(messages: readonly OwnMessage[], clientId: string): void {
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
    this.store.changed()
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
    this.empty()
    // Other views' streams start over with their next progress after a
    // reconnect; one whose view went away meanwhile is not shown again.
    this.live.clear()
    for (const [seq, at] of this.touched) {
      if (at <= since) this.touched.delete(seq)
    }
    for (const entry of [...kept, ...later]) this.index(entry)
    this.sorted = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq)
    this.dropped = stored.dropped
    this.trim()
    this.store.changed()
  }

  /** Another view's streamed reply grew (its entry, once relayed, replaces it). */
  setLive(reply: LiveReply): void {
    this.live.set(messageKey(reply.from.clientId, reply.id), reply)
    this.store.changed()
  }

  /** View `clientId` left: its streamed replies will never end. */
  endLive(clientId: string): void {
    for (const [key, reply] of this.live) {
      if (reply.from.clientId === clientId) this.live.delete(key)
    }
    this.store.changed()
  }

  /** Adds (or replaces) one entry, from a reply or a relay. */
  upsert(entry: LogEntry): void {
    if (entry.seq <= this.clearedThrough) return
    this.live.delete(messageKey(entry.from.clientId, entry.id))
    this.put(entry)
    this.touched.set(entry.seq, ++this.upserts)
    this.trim()
    this.store.changed()
  }

  /** Empties the log: a Clear, by this view or another. */
  clear(): void {
    const newest = this.sorted.at(-1)?.seq ?? 0
    this.clearedThrough = Math.max(this.clearedThrough, newest)
    this.empty()
    this.live.clear()
    this.touched.clear()
    this.dropped = 0
    this.store.changed()
  }

  /** Keeps the newest LOG_SHOWN entries and counts the rest as dropped. */
  private trim(): void {
    const excess = this.sorted.length - LOG_SHOWN
    if (excess <= 0) return
    for (const { seq, from, id } of this.sorted.slice(0, excess)) {
      this.bySeq.delete(seq)
      this.byMessage.delete(messageKey(from.clientId, id))
      this.touched.delete(seq)
    }
    this.sorted = this.sorted.slice(excess)
    this.dropped += excess
  }
}
