import { DROPPED_KEY, ENTRY_PREFIX } from "~lib/conversation-log"
import { isLogEntry, type LogEntry } from "~lib/protocol"

import { WritePipeline } from "./write-pipeline"

/** The slice of `chrome.storage.StorageArea` the store needs (faked in tests). */
export interface SessionArea {
  get(keys: null): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
  remove(keys: string[]): Promise<void>
}

export { DROPPED_KEY, ENTRY_PREFIX }
/** Storage keys. Each entry has its own key so recording one costs O(1). */
export const SEQ_KEY = "log:seq"

export function entryKey(seq: number): string {
  return ENTRY_PREFIX + String(seq).padStart(12, "0")
}

export interface StoreOptions {
  /** Entries kept; older ones are dropped (and counted) in batches. */
  maxEntries: number
  /** How far past `maxEntries` the log may grow before a pruning batch. */
  pruneSlack: number
}

/**
 * The conversation as the background recorded it, kept in
 * `chrome.storage.session` so that it survives service-worker restarts (and
 * is gone when the browser closes). Service-worker globals are only a cache
 * of it: they are rebuilt from storage by `load()` after every restart.
 *
 * Every change is handed to storage *before* the caller answers the view
 * (callers post through `afterHandOff`), so a worker that dies after
 * answering has already recorded the message, and a re-sent id is recognised
 * instead of processed twice.
 */
export class ConversationStore {
  private entries: LogEntry[] = []
  private readonly byId = new Map<string, LogEntry>()
  private seq = 0
  private dropped = 0
  private loaded: Promise<void> | null = null
  private isReady = false
  private readonly writes: WritePipeline

  constructor(
    private readonly area: SessionArea,
    private readonly options: StoreOptions,
    private readonly onError: (error: unknown) => void = () => {}
  ) {
    this.writes = new WritePipeline(area, onError)
  }

  /** Runs `task` once every change recorded so far has been handed to storage. */
  afterHandOff(task: () => void): void {
    this.writes.afterHandOff(task)
  }

  /** Resolves once every change has been written (or has failed). */
  settled(): Promise<void> {
    return this.writes.settled()
  }

  /** Reads the stored log once; later calls return the same promise. */
  load(): Promise<void> {
    this.loaded ??= this.area.get(null).then(
      (items) => this.restore(items),
      (error) => {
        // Start empty rather than never: losing the cache must not block replies.
        this.onError(error)
        this.isReady = true
      }
    )
    return this.loaded
  }

  get ready(): boolean {
    return this.isReady
  }

  private restore(items: Record<string, unknown>): void {
    const entries: LogEntry[] = []
    for (const [key, value] of Object.entries(items)) {
      if (key.startsWith(ENTRY_PREFIX) && isLogEntry(value)) entries.push(value)
    }
    entries.sort((a, b) => a.seq - b.seq)
    this.entries = entries
    this.byId.clear()
    for (const entry of entries) this.byId.set(entry.id, entry)
    const storedSeq = Number(items[SEQ_KEY])
    const lastSeq = entries.at(-1)?.seq ?? 0
    this.seq = Math.max(Number.isFinite(storedSeq) ? storedSeq : 0, lastSeq)
    const dropped = Number(items[DROPPED_KEY])
    this.dropped = Number.isFinite(dropped) ? dropped : 0
    this.isReady = true
  }

  /** The entry already recorded for a message id, if any. */
  find(id: string): LogEntry | undefined {
    return this.byId.get(id)
  }

  /** Records a processed message and hands it to storage; returns the entry. */
  record(fields: Omit<LogEntry, "seq">): LogEntry {
    const entry: LogEntry = { ...fields, seq: ++this.seq }
    this.entries.push(entry)
    this.byId.set(entry.id, entry)
    this.writes.set({ [entryKey(entry.seq)]: entry, [SEQ_KEY]: this.seq })
    this.prune()
    return entry
  }

  private prune(): void {
    const { maxEntries, pruneSlack } = this.options
    if (this.entries.length <= maxEntries + pruneSlack) return
    const removed = this.entries.splice(0, this.entries.length - maxEntries)
    for (const entry of removed) this.byId.delete(entry.id)
    this.dropped += removed.length
    this.writes.remove(removed.map((entry) => entryKey(entry.seq)))
    this.writes.set({ [DROPPED_KEY]: this.dropped })
  }

  /** Empties the log for everyone (the sequence keeps counting up). */
  clear(): void {
    const keys = this.entries.map((entry) => entryKey(entry.seq))
    this.entries = []
    this.byId.clear()
    this.dropped = 0
    this.writes.remove([...keys, DROPPED_KEY])
  }

  /** Entries in processing order (oldest first). */
  all(): readonly LogEntry[] {
    return this.entries
  }
}
