import { isLogEntry, type LogEntry } from "./protocol"

/** Storage keys the background writes (see background/store.ts). */
export const ENTRY_PREFIX = "log:e:"
export const DROPPED_KEY = "log:dropped"

/** Entries a view shows; the background keeps at most a few more before pruning. */
export const LOG_SHOWN = 500

export interface StorageChange {
  newValue?: unknown
  oldValue?: unknown
}

/**
 * A view's copy of the shared conversation log, rebuilt from
 * `chrome.storage.session` and kept current by its change events and by the
 * background's relays. Entries are keyed by `seq`, so the same entry arriving
 * by both routes is stored once.
 */
export interface LogSnapshot {
  entries: readonly LogEntry[]
  /** Older entries dropped to keep the log bounded. */
  dropped: number
}

export class ConversationLog {
  private readonly bySeq = new Map<number, LogEntry>()
  private dropped = 0
  private cached: readonly LogEntry[] | null = null
  private snapshot: LogSnapshot | null = null
  private readonly listeners = new Set<() => void>()

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): LogSnapshot => {
    this.snapshot ??= {
      entries: this.entries(),
      dropped: this.droppedCount()
    }
    return this.snapshot
  }

  private changed(): void {
    this.cached = null
    this.snapshot = null
    for (const listener of [...this.listeners]) listener()
  }

  /** Replaces the log with what storage holds. */
  load(items: Record<string, unknown>): void {
    this.bySeq.clear()
    for (const [key, value] of Object.entries(items)) {
      if (key.startsWith(ENTRY_PREFIX) && isLogEntry(value)) {
        this.bySeq.set(value.seq, value)
      }
    }
    this.dropped = toCount(items[DROPPED_KEY])
    this.changed()
  }

  /** Applies a `chrome.storage.onChanged` batch; returns whether anything changed. */
  applyChanges(changes: Record<string, StorageChange>): boolean {
    let changed = false
    for (const [key, change] of Object.entries(changes)) {
      if (key === DROPPED_KEY) {
        this.dropped = toCount(change.newValue)
        changed = true
      } else if (key.startsWith(ENTRY_PREFIX)) {
        if (isLogEntry(change.newValue)) {
          this.bySeq.set(change.newValue.seq, change.newValue)
        } else if (isLogEntry(change.oldValue)) {
          this.bySeq.delete(change.oldValue.seq)
        }
        changed = true
      }
    }
    if (changed) this.changed()
    return changed
  }

  /** Adds an entry that arrived as a relay (before its storage event). */
  upsert(entry: LogEntry): void {
    this.bySeq.set(entry.seq, entry)
    this.changed()
  }

  clear(): void {
    this.bySeq.clear()
    this.dropped = 0
    this.changed()
  }

  /** The newest `LOG_SHOWN` entries, oldest first. */
  entries(): readonly LogEntry[] {
    this.cached ??= [...this.bySeq.values()]
      .sort((a, b) => a.seq - b.seq)
      .slice(-LOG_SHOWN)
    return this.cached
  }

  /** Entries dropped to keep the log bounded (including any beyond LOG_SHOWN here). */
  droppedCount(): number {
    return this.dropped + Math.max(0, this.bySeq.size - LOG_SHOWN)
  }
}

function toCount(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0
    ? value
    : 0
}
