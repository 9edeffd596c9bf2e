import type { LogEntry } from "~protocol"
import {
  COUNT_KEYS,
  DROPPED_KEY,
  entryKey,
  SEQ_KEY,
  storedCount,
  storedEntries,
  type SessionArea
} from "~storage/layout"

import { AnsweredIndex, textHash, type AnsweredRecord } from "./answered-index"
import { BoundedLog, type LogBounds } from "./log"
import { WritePipeline } from "./write-pipeline"

export { textHash }

/** The store's bounds and timing. */
interface StoreOptions extends Omit<LogBounds, "maxLogBytes"> {
  /** See `LogBounds` (default 6 MiB). */
  maxLogBytes?: number
  /** Answered ids remembered for de-duplication (default 2,000). */
  maxAnswered?: number
  /** How long after the answered ids the log itself is read (ms; default 100). */
  logReadDelayMs?: number
}

/**
 * What a caller waits for: `"answered"` (the seq and the answered ids: enough
 * to answer a message) or `"log"` (the entries too: pruning, Clear and round
 * trips need them).
 */
export type StoreStage = "answered" | "log"

const DEFAULT_MAX_LOG_BYTES = 6 * 1024 * 1024
const DEFAULT_MAX_ANSWERED = 2000
const DEFAULT_LOG_READ_DELAY_MS = 100
/** Reads of the stored state tried before starting without it. */
const LOAD_ATTEMPTS = 3
/** The wait before retry n is n times this (ms). */
const RETRY_BASE_MS = 50

/**
 * The conversation as the background recorded it, kept in
 * `chrome.storage.session` so that it survives service-worker restarts (and
 * is gone when the browser closes). Service-worker globals are only a cache
 * of it, rebuilt from storage after every restart.
 *
 * Every change is handed to storage *before* the caller answers the view
 * (callers post through `afterHandOff`), so a worker that dies after
 * answering has already recorded the message, and a re-sent id is recognised
 * instead of processed twice.
 */
export class ConversationStore {
  private seq = 0
  /** Its storage calls: answers and events wait for them (`afterHandOff`). */
  readonly writes: WritePipeline
  private readonly log: BoundedLog
  private readonly answered: AnsweredIndex
  /** The stages read, and the reads started. */
  private readonly ready = new Set<StoreStage>()
  private readonly reading: Partial<Record<StoreStage, Promise<void>>> = {}
  private readonly logReadDelayMs: number
  /** Ids whose record storage refused: written again when asked for. */
  private readonly unsaved = new Set<string>()

  constructor(
    /** Where it keeps the conversation (running uploads keep theirs there too). */
    readonly area: SessionArea,
    options: StoreOptions,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly now: () => number = Date.now
  ) {
    this.writes = new WritePipeline(area, onError)
    this.log = new BoundedLog(this.writes, {
      ...options,
      maxLogBytes: options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES
    })
    this.answered = new AnsweredIndex(
      this.writes,
      options.maxAnswered ?? DEFAULT_MAX_ANSWERED
    )
    this.logReadDelayMs = options.logReadDelayMs ?? DEFAULT_LOG_READ_DELAY_MS
  }

  /** Starts reading the stored state (the answered ids, then the log). Idempotent. */
  start(): void {
    void this.begin("answered")
  }

  /**
   * Null once `stage` is read; else a promise for it (starting the reads if
   * need be). It costs nothing once ready, so callers ask on every message.
   */
  whenReady(stage: StoreStage): Promise<void> | null {
    return this.ready.has(stage) ? null : this.begin(stage)
  }

  private begin(stage: StoreStage): Promise<void> {
    return (this.reading[stage] ??=
      stage === "answered" ? this.loadAnswered() : this.loadLog())
  }

  private async loadAnswered(): Promise<void> {
    // Start without the stored state rather than never: losing it must not
    // block replies forever. Its entries may still be there, so number new
    // ones from the clock (far above any count reached in one browser
    // session) to never overwrite them.
    if (!(await this.retry(() => this.readAnswered()))) this.seq = this.now()
    this.ready.add("answered")
    // The first answers after a restart need only the answered ids, so the
    // log (up to maxEntries + pruneSlack entries) is read after them.
    setTimeout(() => void this.begin("log"), this.logReadDelayMs)
  }

  private async loadLog(): Promise<void> {
    await this.begin("answered")
    await this.retry(() => this.readLog())
    // Read or not, go on with what is known: the bound applies from here.
    this.log.bound()
    this.ready.add("log")
  }

  /**
   * Up to LOAD_ATTEMPTS tries of `read`, waiting RETRY_BASE_MS × n after
   * failure n; false when every try failed.
   */
  private async retry(read: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await read()
        return true
      } catch (error) {
        this.onError(error)
        if (attempt === LOAD_ATTEMPTS) return false
        await new Promise((r) => setTimeout(r, RETRY_BASE_MS * attempt))
      }
    }
  }

  // The stages' reads await storage directly, with no helper layers, so a
  // message waiting for a stage runs within a few microtasks of the read.
  private async readAnswered(): Promise<void> {
    const counts = await this.area.get(COUNT_KEYS)
    const seq = storedCount(counts[SEQ_KEY])
    const chunks = await this.area.get(this.answered.keysUpTo(seq))
    this.seq = Math.max(seq, this.answered.restore(chunks))
    this.log.restoreDropped(storedCount(counts[DROPPED_KEY]))
  }

  /**
   * Reads every stored entry, not by name from the seq as a view does: a
   * worker that could not read the seq numbers new entries from the clock,
   * and the entries below that jump must still be found to be pruned.
   */
  private async readLog(): Promise<void> {
    this.log.merge(storedEntries(await this.area.get(null)))
  }

  /**
   * Resolves once the record of `id` and every change before it are stored:
   * an answer follows its record, not only its hand-off. A record storage
   * refused is kept in memory and handed over again when its id is asked
   * for again (a re-send); while storage refuses it, this rejects.
   * Call it right after the record, before anything else is recorded.
   */
  stored(id: string): Promise<void> {
    const record = this.answered.find(id)
    if (record && this.unsaved.delete(id)) this.save(record)
    return this.writes.written().catch((error: unknown) => {
      this.unsaved.add(id)
      throw error
    })
  }

  /** What was recorded for a message id already answered, if anything. */
  find(id: string): AnsweredRecord | undefined {
    return this.answered.find(id)
  }

  /** Records a processed message and hands it to storage; returns the entry. */
  record(fields: Omit<LogEntry, "seq">): LogEntry {
    const entry: LogEntry = { ...fields, seq: ++this.seq }
    this.log.append(entry)
    const record = {
      id: entry.id,
      seq: entry.seq,
      at: entry.at,
      hash: textHash(entry.text),
      // An upload's reply carries a digest of bytes the background no
      // longer has: keep it to answer a re-sent upload again.
      ...(entry.bytes === undefined ? {} : { reply: entry.reply })
    }
    this.answered.add(record)
    this.save(record)
    this.log.prune()
    this.answered.prune()
    return entry
  }

  /**
   * Hands a record's entry (while the log has it), its answered chunk and
   * the seq to storage in one set: a message costs one storage call when
   * nothing else is in flight.
   */
  private save(record: AnsweredRecord): void {
    const entry = this.log.find(record.seq)
    this.writes.set({
      ...(entry && { [entryKey(entry.seq)]: entry }),
      ...this.answered.chunkOf(record),
      [SEQ_KEY]: this.seq
    })
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
    const record = this.answered.find(id)
    return record && this.log.noteRoundTrip(record.seq, clientId, rttMs)
  }

  /**
   * Empties the log for everyone (the sequence keeps counting up). The
   * answered ids stay: a message re-sent after a Clear is still not
   * processed twice.
   */
  clear(): void {
    this.log.clear()
  }
}
