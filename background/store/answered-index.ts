import { ANSWERED_PREFIX, pad } from "~storage/layout"

import type { WritePipeline } from "./write-pipeline"

/**
 * Answered ids per chunk key, stored under `ANSWERED_PREFIX` (see
 * storage/layout.ts). Only the background reads and writes them.
 */
const ANSWERED_CHUNK = 100

/** The chunk that holds the answered record of `seq`. */
export function answeredChunkOf(seq: number): number {
  return Math.floor(seq / ANSWERED_CHUNK)
}

/** The key of answered chunk number `chunk`. */
export function answeredKey(chunk: number): string {
  return ANSWERED_PREFIX + pad(chunk)
}

/**
 * What the background remembers of a message it answered, apart from the
 * visible log: enough to answer a re-sent id again (and to tell a re-send
 * from another message that re-uses the id) without processing it twice.
 */
export interface AnsweredRecord {
  id: string
  seq: number
  at: number
  /** FNV-1a hash of the text answered. */
  hash: string
  /** The reply, when the text alone cannot give it again (an upload's digest). */
  reply?: string
}

/** A record as its chunk keeps it: [id, seq, at, hash] or [id, seq, at, hash, reply]. */
export function toStoredAnswer({ id, seq, at, hash, reply }: AnsweredRecord) {
  return reply === undefined ? [id, seq, at, hash] : [id, seq, at, hash, reply]
}

/** The records of the answered chunks among stored items; anything malformed is skipped. */
export function storedAnswers(
  items: Record<string, unknown>
): AnsweredRecord[] {
  const records: AnsweredRecord[] = []
  for (const [key, value] of Object.entries(items)) {
    if (!key.startsWith(ANSWERED_PREFIX) || !Array.isArray(value)) continue
    for (const item of value) {
      if (
        Array.isArray(item) &&
        typeof item[0] === "string" &&
        typeof item[1] === "number" &&
        typeof item[2] === "number" &&
        typeof item[3] === "string" &&
        (item.length === 4 ||
          (item.length === 5 && typeof item[4] === "string"))
      ) {
        const [id, seq, at, hash, reply] = item
        records.push({ id, seq, at, hash, ...(reply ? { reply } : {}) })
      }
    }
  }
  return records.sort((a, b) => a.seq - b.seq)
}

/** A string's FNV-1a 32-bit hash, in hex: compact, and enough to tell two texts apart. */
export function textHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, "0")
}

/**
 * The ids already answered, kept apart from the visible log (Clear and
 * pruning the log do not forget them) and bounded to the last `maxAnswered`.
 * They are stored in chunks, one key each, because a restarting worker reads
 * every one of them before its first answer, by name from the seq.
 */
export class AnsweredIndex {
  /** Oldest first (Map keeps insertion order, which is seq order). */
  private readonly byId = new Map<string, AnsweredRecord>()
  /** The same records by storage chunk, oldest chunk first. */
  private readonly chunks = new Map<number, AnsweredRecord[]>()

  constructor(
    private readonly writes: WritePipeline,
    /** Whole chunks are forgotten, so between this and this plus one chunk are kept. */
    private readonly maxAnswered: number
  ) {}

  /**
   * The keys of every chunk that can still exist when the last seq handed
   * out is `seq`: each seq is one answered record, and at most `maxAnswered`
   * plus one chunk of the newest are kept (one more chunk either side for safety).
   */
  keysUpTo(seq: number): string[] {
    const last = answeredChunkOf(seq)
    const first = Math.max(0, answeredChunkOf(seq - this.maxAnswered) - 2)
    const keys: string[] = []
    for (let chunk = first; chunk <= last; chunk++)
      keys.push(answeredKey(chunk))
    return keys
  }

  /** Replaces what is held with the stored chunks; returns the highest seq among them (0 if none). */
  restore(items: Record<string, unknown>): number {
    const records = storedAnswers(items)
    this.byId.clear()
    this.chunks.clear()
    for (const record of records) this.add(record)
    return records.at(-1)?.seq ?? 0
  }

  /** What was recorded for a message id already answered, if anything. */
  find(id: string): AnsweredRecord | undefined {
    return this.byId.get(id)
  }

  /** The chunk holding `record`, as a storage item. */
  chunkOf(record: AnsweredRecord): Record<string, unknown> {
    const chunk = answeredChunkOf(record.seq)
    const records = this.chunks.get(chunk) ?? []
    return { [answeredKey(chunk)]: records.map(toStoredAnswer) }
  }

  /** Adds a record (the caller writes its chunk). */
  add(record: AnsweredRecord): void {
    const chunk = answeredChunkOf(record.seq)
    this.chunks.set(chunk, [...(this.chunks.get(chunk) ?? []), record])
    this.byId.set(record.id, record)
  }

  /** Forgets the oldest chunks once more than `maxAnswered` ids are remembered. */
  prune(): void {
    const keys: string[] = []
    for (const [chunk, records] of this.chunks) {
      if (this.byId.size - records.length < this.maxAnswered) break
      this.chunks.delete(chunk)
      for (const record of records) {
        if (this.byId.get(record.id) === record) this.byId.delete(record.id)
      }
      keys.push(answeredKey(chunk))
    }
    this.writes.remove(keys)
  }
}
