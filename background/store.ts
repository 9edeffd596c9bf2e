import { DROPPED_KEY, ENTRY_PREFIX } from "~lib/conversation-log"
import { isLogEntry, type LogEntry } from "~lib/protocol"

import { WritePipeline } from "./write-pipeline"

/** The slice of `chrome.storage.StorageArea` the store needs (faked in tests). */
export interface SessionArea {
  get(keys: string[] | null): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
  remove(keys: string[]): Promise<void>
}

export { DROPPED_KEY, ENTRY_PREFIX }
/** Storage keys. Each record has its own key so recording one costs O(1). */
export const SEQ_KEY = "log:seq"
export const ANSWERED_PREFIX = "ans:"

const pad = (seq: number) => String(seq).padStart(12, "0")

export function entryKey(seq: number): string {
  return ENTRY_PREFIX + pad(seq)
}

/**
 * Answered ids are stored in chunks of this many, one key a chunk: a worker
 * that starts reads them all before its first answer, and 2,000 one-record
 * keys made that first reply about 30 ms slower (bench: "Recovery after
 * worker stop"). The chunks that can exist follow from the sequence, so they
 * are read by name.
 */
export const ANSWERED_CHUNK = 100

export function answeredKey(chunk: number): string {
  return ANSWERED_PREFIX + pad(chunk)
}

const chunkOf = (seq: number) => Math.floor(seq / ANSWERED_CHUNK)

/** How a record is kept in storage: [id, seq, at, hash]. */
type StoredAnswer = [string, number, number, string]

/**
 * What the background remembers of a message it answered, apart from the
 * visible log: enough to answer a re-sent id again (and to tell a re-send
 * from another message that re-uses the id) without processing it twice.
 * Clearing or trimming the log does not forget it.
 */
export interface AnsweredRecord {
  id: string
  seq: number
  at: number
  /** FNV-1a hash of the text answered. */
  hash: string
}

export interface StoreOptions {
  /** Log entries kept; older ones are dropped (and counted) in batches. */
  maxEntries: number
  /** How far past `maxEntries` the log may grow before a pruning batch. */
  pruneSlack: number
  /**
   * Upper bound on the log's size in storage (estimated UTF-8 bytes). The
   * session area holds 10 MB in all; long messages in a 3-byte script would
   * otherwise fill it before `maxEntries` is reached, and writes would fail.
   */
  maxLogBytes?: number
  /**
   * Answered ids remembered for de-duplication (default 2,000); whole chunks
   * are forgotten, so between this and this plus one chunk are kept.
   */
  maxAnswered?: number
  /**
   * How long after `load()` the log itself is read (ms; default 100). The
   * first answers after a restart need only the answered ids; reading the
   * log (up to 550 entries) is left until they are out.
   */
  logReadDelayMs?: number
}

const DEFAULT_MAX_LOG_BYTES = 6 * 1024 * 1024
const DEFAULT_MAX_ANSWERED = 2000
const DEFAULT_LOG_READ_DELAY_MS = 100
/** Reads of the stored state tried before starting without it. */
const LOAD_ATTEMPTS = 3

/** A string's FNV-1a 32-bit hash, in hex: compact, and enough to tell two texts apart. */
export function textHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, "0")
}

/** Worst-case UTF-8 size of an entry in storage (3 bytes per UTF-16 unit, plus its fields). */
function entryBytes(entry: LogEntry): number {
  return 3 * (entry.text.length + entry.reply.length) + 200
}

/** A stored number, or 0 when it is missing or not a finite number. */
function finiteOr0(value: unknown): number {
  const n = Number(value)
  return Number.isFinite(n) ? n : 0
}

function toStored(record: AnsweredRecord): StoredAnswer {
  return [record.id, record.seq, record.at, record.hash]
}

/** The records of one stored chunk; anything malformed in it is skipped. */
function fromStored(value: unknown): AnsweredRecord[] {
  if (!Array.isArray(value)) return []
  const records: AnsweredRecord[] = []
  for (const item of value) {
    if (
      Array.isArray(item) &&
      typeof item[0] === "string" &&
      typeof item[1] === "number" &&
      typeof item[2] === "number" &&
      typeof item[3] === "string"
    ) {
      records.push({ id: item[0], seq: item[1], at: item[2], hash: item[3] })
    }
  }
  return records
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
  private logBytes = 0
  /** Answered ids, oldest first (Map keeps insertion order, which is seq order). */
  private readonly answered = new Map<string, AnsweredRecord>()
  /** The same records by storage chunk, oldest chunk first. */
  private readonly chunks = new Map<number, AnsweredRecord[]>()
  private seq = 0
  private dropped = 0
  private loaded: Promise<void> | null = null
  private isReady = false
  private logLoaded: Promise<void> | null = null
  private isLogReady = false
  private readonly writes: WritePipeline
  private readonly maxLogBytes: number
  private readonly maxAnswered: number

  constructor(
    private readonly area: SessionArea,
    private readonly options: StoreOptions,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly now: () => number = Date.now
  ) {
    this.writes = new WritePipeline(area, onError)
    this.maxLogBytes = options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES
    this.maxAnswered = options.maxAnswered ?? DEFAULT_MAX_ANSWERED
  }

  /** Runs `task` once every change recorded so far has been handed to storage. */
  afterHandOff(task: () => void): void {
    this.writes.afterHandOff(task)
  }

  /** Resolves once every change has been written (or has failed). */
  settled(): Promise<void> {
    return this.writes.settled()
  }

  /**
   * Reads what answering needs (the sequence, the dropped count and the
   * answered ids) once; later calls return the same promise. The log itself
   * is read a little later (`loadLog`): a restarting worker used to read all
   * of storage before its first answer, about 11 ms of the 26 ms until a
   * cold worker's first reply with a full log (bench: "Cold port to stopped
   * worker").
   */
  load(): Promise<void> {
    this.loaded ??= this.read(LOAD_ATTEMPTS).then(() => {
      const delay = this.options.logReadDelayMs ?? DEFAULT_LOG_READ_DELAY_MS
      setTimeout(() => void this.loadLog(), delay)
    })
    return this.loaded
  }

  /** Reads the log's entries once (after `load`); later calls return the same promise. */
  loadLog(): Promise<void> {
    this.logLoaded ??= this.load().then(() => this.readLog(LOAD_ATTEMPTS))
    return this.logLoaded
  }

  private async read(attempts: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const meta = await this.area.get([SEQ_KEY, DROPPED_KEY])
        const seq = finiteOr0(meta[SEQ_KEY])
        const chunks = await this.area.get(this.answeredKeysUpTo(seq))
        this.restore(seq, finiteOr0(meta[DROPPED_KEY]), chunks)
        return
      } catch (error) {
        this.onError(error)
        if (attempt >= attempts) break
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
      }
    }
    // Start without the stored state rather than never: losing it must not
    // block replies. Its entries may still be there, so number new ones from
    // the clock (far above any count reached in one browser session) to
    // never overwrite them.
    this.seq = this.now()
    this.isReady = true
  }

  /**
   * The keys of every answered chunk that can still exist when the last seq
   * handed out is `seq`: each seq is one answered record, and at most
   * `maxAnswered` plus one chunk of the newest are kept (one more chunk
   * either side for safety).
   */
  private answeredKeysUpTo(seq: number): string[] {
    const last = chunkOf(seq)
    const first = Math.max(0, chunkOf(seq - this.maxAnswered) - 2)
    const keys: string[] = []
    for (let chunk = first; chunk <= last; chunk++) {
      keys.push(answeredKey(chunk))
    }
    return keys
  }

  get ready(): boolean {
    return this.isReady
  }

  /** True once the log's entries are read too (pruning, Clear and round trips need them). */
  get logReady(): boolean {
    return this.isLogReady
  }

  private restore(
    storedSeq: number,
    dropped: number,
    chunks: Record<string, unknown>
  ): void {
    const answered: AnsweredRecord[] = []
    for (const [key, value] of Object.entries(chunks)) {
      if (key.startsWith(ANSWERED_PREFIX)) answered.push(...fromStored(value))
    }
    answered.sort((a, b) => a.seq - b.seq)
    this.answered.clear()
    this.chunks.clear()
    for (const record of answered) this.remember(record)
    this.seq = Math.max(storedSeq, answered.at(-1)?.seq ?? 0)
    this.dropped = dropped
    this.isReady = true
  }

  private async readLog(attempts: number): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const items = await this.area.get(null)
        // Entries recorded since this worker started are kept as they are
        // here; the read may or may not include them.
        const recorded = new Set(this.entries.map((entry) => entry.seq))
        const stored: LogEntry[] = []
        for (const [key, value] of Object.entries(items)) {
          if (
            key.startsWith(ENTRY_PREFIX) &&
            isLogEntry(value) &&
            !recorded.has(value.seq)
          ) {
            stored.push(value)
          }
        }
        this.entries = [...stored, ...this.entries].sort(
          (a, b) => a.seq - b.seq
        )
        break
      } catch (error) {
        this.onError(error)
        if (attempt < attempts) {
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
        }
      }
    }
    // Read or not, go on with what is known: the bound applies from here.
    this.logBytes = this.entries.reduce((sum, e) => sum + entryBytes(e), 0)
    this.isLogReady = true
    this.pruneLog()
  }

  /** What was recorded for a message id already answered, if anything. */
  find(id: string): AnsweredRecord | undefined {
    return this.answered.get(id)
  }

  /** Records a processed message and hands it to storage; returns the entry. */
  record(fields: Omit<LogEntry, "seq">): LogEntry {
    const entry: LogEntry = { ...fields, seq: ++this.seq }
    const answered: AnsweredRecord = {
      id: entry.id,
      seq: entry.seq,
      at: entry.at,
      hash: textHash(entry.text)
    }
    this.entries.push(entry)
    this.logBytes += entryBytes(entry)
    const chunk = this.remember(answered)
    this.writes.set({
      [entryKey(entry.seq)]: entry,
      [answeredKey(chunk)]: this.chunks.get(chunk)!.map(toStored),
      [SEQ_KEY]: this.seq
    })
    // Until the stored log is read its size is unknown: `readLog` prunes.
    if (this.isLogReady) this.pruneLog()
    this.pruneAnswered()
    return entry
  }

  /** Drops the oldest log entries beyond the count (in batches) or the byte budget. */
  private pruneLog(): void {
    const { maxEntries, pruneSlack } = this.options
    let excess = 0
    if (this.entries.length > maxEntries + pruneSlack) {
      excess = this.entries.length - maxEntries
    }
    if (this.logBytes > this.maxLogBytes) {
      // Down to 90% of the budget, so the next few entries don't prune again.
      let bytes = this.logBytes
      let count = 0
      while (
        count < this.entries.length - 1 &&
        bytes > this.maxLogBytes * 0.9
      ) {
        bytes -= entryBytes(this.entries[count])
        count++
      }
      excess = Math.max(excess, count)
    }
    if (excess === 0) return
    const removed = this.entries.splice(0, excess)
    for (const entry of removed) this.logBytes -= entryBytes(entry)
    this.dropped += removed.length
    this.writes.remove(removed.map((entry) => entryKey(entry.seq)))
    this.writes.set({ [DROPPED_KEY]: this.dropped })
  }

  /** Adds a record to the in-memory index; returns its chunk. */
  private remember(record: AnsweredRecord): number {
    const chunk = chunkOf(record.seq)
    const records = this.chunks.get(chunk) ?? []
    records.push(record)
    this.chunks.set(chunk, records)
    this.answered.set(record.id, record)
    return chunk
  }

  /** Forgets the oldest chunks once more than `maxAnswered` ids are remembered. */
  private pruneAnswered(): void {
    const keys: string[] = []
    for (const [chunk, records] of this.chunks) {
      if (this.answered.size - records.length < this.maxAnswered) break
      this.chunks.delete(chunk)
      for (const record of records) {
        if (this.answered.get(record.id) === record) {
          this.answered.delete(record.id)
        }
      }
      keys.push(answeredKey(chunk))
    }
    this.writes.remove(keys)
  }

  /**
   * Adds the sender's round trip to the entry recorded for `id`, if it is
   * still in the log and came from `clientId`; returns the updated entry.
   */
  noteDelivery(
    id: string,
    clientId: string,
    rttMs: number
  ): LogEntry | undefined {
    const record = this.answered.get(id)
    if (!record) return undefined
    const index = this.entries.findLastIndex((e) => e.seq === record.seq)
    const entry = this.entries[index]
    if (!entry || entry.from.clientId !== clientId) return undefined
    if (entry.rttMs !== undefined) return undefined
    const updated: LogEntry = { ...entry, rttMs }
    this.entries[index] = updated
    this.writes.set({ [entryKey(updated.seq)]: updated })
    return updated
  }

  /**
   * Empties the log for everyone (the sequence keeps counting up). The
   * answered ids stay: a message re-sent after a Clear is still not
   * processed twice.
   */
  clear(): void {
    const keys = this.entries.map((entry) => entryKey(entry.seq))
    this.entries = []
    this.logBytes = 0
    this.dropped = 0
    this.writes.remove([...keys, DROPPED_KEY])
  }

  /** Log entries in processing order (oldest first). */
  all(): readonly LogEntry[] {
    return this.entries
  }
}
