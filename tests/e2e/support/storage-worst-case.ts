import { ConversationStore } from "~background/store"
import { uploadReply } from "~background/upload-hash"
import { config } from "~config"
import { replyText, type LogEntry } from "~protocol"
import {
  CHUNK_BYTES,
  MAX_FILE_NAME_LENGTH,
  MAX_ID_LENGTH
} from "~protocol/shapes"
import {
  ANSWERED_PREFIX,
  badgeKey,
  ENTRY_PREFIX,
  LOG_LIMITS,
  tabKey,
  type BadgeShare,
  type SessionArea,
  type TabRecord
} from "~storage/layout"
import {
  isUploadState,
  uploadKey,
  type UploadState
} from "~storage/upload-state"

// The largest items the worker can ever have in chrome.storage.session,
// found by running the store itself (its bounds and defaults as built)
// over entries of one shape until both its log and its answered ids have
// been pruned twice: storage is largest just before a prune, and the first
// prune can come early (the first answered chunk is one short, seqs start
// at 1).

/** Stored items by key. */
export type Items = Record<string, unknown>

/** A 3-byte UTF-8 character (CJK): the most bytes per UTF-16 unit. */
const WIDE = "語"

/** The `n`th id: the longest accepted, all 3-byte characters. */
function idOf(n: number): string {
  const tail = [n % 4096, Math.floor(n / 4096)].map((d) =>
    String.fromCharCode(0x4e00 + d)
  )
  return WIDE.repeat(MAX_ID_LENGTH - 2) + tail.join("")
}

/** A view's id: the longest accepted (letters, digits, `-`, `_` only). */
function clientIdOf(n: number): string {
  return `view-${n}-`.padEnd(MAX_ID_LENGTH, "x")
}

type Fields = Omit<LogEntry, "seq">

const from = { clientId: clientIdOf(0), kind: "sidepanel" } as const
/**
 * The longest round trip a view may report (a non-integer number): an
 * entry keeps one, however many delivery reports name it.
 */
const rttMs = 3_599_999.5

/** The entry shapes that may fill storage most, by what they maximise. */
export const SHAPES: Record<string, (n: number) => Fields> = {
  /** The longest text: the log's byte bound stops it. */
  "longest message": (n) => {
    const text = WIDE.repeat(config.maxMessageLength)
    // A stopped stream that had received the whole reply.
    const reply = replyText(text)
    return {
      id: idOf(n),
      at: Date.now(),
      from,
      text,
      reply,
      rttMs,
      stopped: true
    }
  },
  /** The shortest text: the log's count bound stops it. */
  "shortest message": (n) => {
    const text = WIDE
    return {
      id: idOf(n),
      at: Date.now(),
      from,
      text,
      reply: replyText(text),
      rttMs
    }
  },
  /** A file: its answered record keeps the reply with the digest. */
  upload: (n) => {
    const text = WIDE.repeat(MAX_FILE_NAME_LENGTH)
    const size = config.maxFileBytes
    const reply = uploadReply(text, size, "f".repeat(64))
    return {
      id: idOf(n),
      at: Date.now(),
      from,
      text,
      reply,
      rttMs,
      bytes: size
    }
  }
}

/** Which part of storage a key belongs to. */
function groupOf(key: string): "log" | "answered" | "other" {
  if (key.startsWith(ENTRY_PREFIX)) return "log"
  return key.startsWith(ANSWERED_PREFIX) ? "answered" : "other"
}

/**
 * An in-memory session area that keeps, per group, the items it held when
 * that group was largest (by JSON length: the entries are all one shape,
 * so the most of them is the most by any count).
 */
class PeakArea implements SessionArea {
  readonly items = new Map<string, unknown>()
  private readonly sizes = new Map<string, number>()
  readonly peaks = { log: {} as Items, answered: {} as Items }
  private readonly peakSize = { log: 0, answered: 0 }
  /** How many times each group was pruned. */
  readonly prunes = { log: 0, answered: 0, other: 0 }

  async get(keys: string[] | null): Promise<Items> {
    const wanted = keys ?? [...this.items.keys()]
    return Object.fromEntries(
      wanted.filter((k) => this.items.has(k)).map((k) => [k, this.items.get(k)])
    )
  }

  async set(items: Items): Promise<void> {
    for (const [key, value] of Object.entries(items)) {
      this.items.set(key, structuredClone(value))
      this.sizes.set(key, key.length + JSON.stringify(value).length)
    }
    for (const group of ["log", "answered"] as const) {
      const keys = [...this.items.keys()].filter((k) => groupOf(k) === group)
      const size = keys.reduce((sum, k) => sum + this.sizes.get(k)!, 0)
      if (size <= this.peakSize[group]) continue
      this.peakSize[group] = size
      this.peaks[group] = Object.fromEntries(
        keys.map((k) => [k, this.items.get(k)])
      )
    }
  }

  async remove(keys: string[]): Promise<void> {
    for (const key of keys) {
      this.items.delete(key)
      this.sizes.delete(key)
    }
    this.prunes[groupOf(keys[0])]++
  }
}

/**
 * The largest log and answered records the store keeps of entries made by
 * `make`, and its counters: the store records one after another (each
 * stored before the next, as a view's send waits) until it pruned each twice.
 */
export async function worstOf(make: (n: number) => Fields) {
  const area = new PeakArea()
  const store = new ConversationStore(
    area,
    { ...LOG_LIMITS, logReadDelayMs: 0 },
    (error) => {
      throw error
    }
  )
  store.start()
  await store.whenReady("log")
  for (let n = 0; Math.min(area.prunes.log, area.prunes.answered) < 2; n++) {
    if (n > 100_000) throw new Error("the store never pruned")
    const fields = make(n)
    store.record(fields)
    await store.stored(fields.id)
  }
  await store.writes.settled()
  const counters = Object.fromEntries(
    [...area.items].filter(([key]) => groupOf(key) === "other")
  )
  return { ...area.peaks, counters }
}

/**
 * What `count` views keep while each runs an upload and waits to reconnect
 * (in a tab the worker injected): its upload state, badge share and tab record.
 */
export function viewItems(count: number) {
  const items = { uploads: {} as Items, badges: {} as Items, tabs: {} as Items }
  for (let n = 0; n < count; n++) {
    const upload: UploadState = {
      id: idOf(n),
      name: WIDE.repeat(MAX_FILE_NAME_LENGTH),
      size: config.maxFileBytes,
      chunkBytes: CHUNK_BYTES.min,
      kept: Math.floor(config.maxFileBytes / CHUNK_BYTES.min),
      // The longest hasher state the stored format accepts.
      hash: "A".repeat(4096)
    }
    if (!isUploadState(upload)) throw new Error("not a stored upload state")
    const share: BadgeShare = {
      state: "waiting",
      count: config.maxQueuedMessages
    }
    const tab: TabRecord = { documentId: "F".repeat(32) }
    items.uploads[uploadKey(clientIdOf(n))] = upload
    items.badges[badgeKey(clientIdOf(n))] = share
    items.tabs[tabKey(2 ** 31 - 1 - n)] = tab
  }
  return items
}
