import { ANSWERED_PREFIX, pad } from "./layout"

/**
 * The answered-id records under `ANSWERED_PREFIX` (see layout.ts): their
 * chunk keys and stored form. Only the background reads and writes them.
 */

/**
 * Answered ids per chunk key. A restarting worker reads all of them before
 * its first answer; chunks keep that to a few keys, named from the seq.
 */
export const ANSWERED_CHUNK = 100

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

/** How a record is kept in its chunk: [id, seq, at, hash] or [id, seq, at, hash, reply]. */
export type StoredAnswer =
  [string, number, number, string] | [string, number, number, string, string]

/** A record in its stored form. */
export function toStoredAnswer(record: AnsweredRecord): StoredAnswer {
  const { id, seq, at, hash, reply } = record
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
