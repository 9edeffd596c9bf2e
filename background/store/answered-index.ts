import {
  answeredChunkOf,
  answeredKey,
  storedAnswers,
  toStoredAnswer,
  type AnsweredRecord
} from "~storage/answered"

import type { WritePipeline } from "./write-pipeline"

export type { AnsweredRecord }

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
    for (const record of records) this.remember(record)
    return records.at(-1)?.seq ?? 0
  }

  /** What was recorded for a message id already answered, if anything. */
  find(id: string): AnsweredRecord | undefined {
    return this.byId.get(id)
  }

  /** Adds a record (the caller writes its chunk). */
  add(record: AnsweredRecord): void {
    this.remember(record)
  }

  /** The chunk holding `record`, as a storage item. */
  chunkOf(record: AnsweredRecord): Record<string, unknown> {
    const chunk = answeredChunkOf(record.seq)
    const records = this.chunks.get(chunk) ?? []
    return { [answeredKey(chunk)]: records.map(toStoredAnswer) }
  }

  private remember(record: AnsweredRecord): number {
    const chunk = answeredChunkOf(record.seq)
    const records = this.chunks.get(chunk) ?? []
    records.push(record)
    this.chunks.set(chunk, records)
    this.byId.set(record.id, record)
    return chunk
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
