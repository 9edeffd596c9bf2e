import type { LogEntry } from "~protocol"
import { count, integer, isDict, object, oneOf, own } from "~protocol/schema"
import { isLogEntry } from "~protocol/shapes"

/**
 * Everything the extension keeps in `chrome.storage.session`: the keys, the
 * stored formats and their parse, and the reads. The background writes these
 * keys and the views read them, so both sides take them from here. The
 * format of the answered records, which only the background reads, is in
 * background/store/answered-index.ts (so the views' bundles leave it out).
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-session
 */

/** The slice of `chrome.storage.StorageArea` we use (faked in tests). */
export interface SessionArea {
  get(keys: string[] | null): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
  remove(keys: string[]): Promise<void>
}

/** One key per log entry, so recording one costs O(1): `log:e:<12-digit seq>`. */
export const ENTRY_PREFIX = "log:e:"
/** The last seq handed out (a number). */
export const SEQ_KEY = "log:seq"
/** How many older entries were dropped to keep the log bounded (a number). */
export const DROPPED_KEY = "log:dropped"
/** Answered ids, one key per chunk: `ans:<12-digit chunk>`. */
export const ANSWERED_PREFIX = "ans:"

/**
 * Where a view's running upload stands, one key per view (a view runs one
 * upload at a time): `upload:<clientId>`. Its format is in upload-state.ts.
 */
export const UPLOAD_PREFIX = "upload:"

/**
 * A tab the background injected the widget into, one key per tab:
 * `tab:<tabId>` → `{ documentId }` (background/tab-gate.ts).
 */
const TAB_PREFIX = "tab:"

/** What the background keeps of a tab it injected the widget into: the document it reached. */
export interface TabRecord {
  documentId: string
}

/** The key of tab `tabId`'s record. */
export function tabKey(tabId: number): string {
  return `${TAB_PREFIX}${tabId}`
}

/** A stored tab record, or undefined for anything else (then the tab was never injected). */
export function parseTabRecord(value: unknown): TabRecord | undefined {
  const documentId = isDict(value) ? own(value, "documentId") : undefined
  return typeof documentId === "string" ? { documentId } : undefined
}

/**
 * A view's share of the toolbar badge, one key per view while it has
 * something to show: `badge:<clientId>` → `{ state: "failed" }` or
 * `{ state: "waiting", count }` (a view that is well has no key). Views
 * write their own; any view or the worker removes one whose view is gone
 * (badge/sync.ts).
 */
export const BADGE_PREFIX = "badge:"

/** What one view contributes to the badge. */
export type BadgeShare =
  | { state: "failed" }
  /** Reconnecting with `count` (at least 1) messages waiting in its outbox. */
  | { state: "waiting"; count: number }

/** The key of view `clientId`'s badge share. */
export function badgeKey(clientId: string): string {
  return BADGE_PREFIX + clientId
}

const isFailedShare = object({ state: oneOf(["failed"]) })
const isWaitingShare = object({
  state: oneOf(["waiting"]),
  count: integer(1, Number.MAX_SAFE_INTEGER)
})

/** A stored badge share, or null for anything else (an extra field included). */
function parseBadgeShare(value: unknown): BadgeShare | null {
  return isFailedShare(value) || isWaitingShare(value) ? value : null
}

/** The badge shares among stored items, by client id; malformed ones are listed in `bad`. */
export function storedBadgeShares(items: Record<string, unknown>): {
  shares: Map<string, BadgeShare>
  bad: string[]
} {
  const shares = new Map<string, BadgeShare>()
  const bad: string[] = []
  for (const [key, value] of Object.entries(items)) {
    if (!key.startsWith(BADGE_PREFIX)) continue
    const share = parseBadgeShare(value)
    if (share) shares.set(key.slice(BADGE_PREFIX.length), share)
    else bad.push(key)
  }
  return { shares, bad }
}

/**
 * The log's bound: the background keeps `maxEntries` (and lets the log grow
 * `pruneSlack` past it, then prunes in one batch), a view shows `maxEntries`.
 */
export const LOG_LIMITS = { maxEntries: 500, pruneSlack: 50 } as const

/** Entries a view shows. */
export const LOG_SHOWN = LOG_LIMITS.maxEntries

/** Most entries storage holds at once, so the most a view reads. */
const LOG_STORED_MAX = LOG_LIMITS.maxEntries + LOG_LIMITS.pruneSlack

/** A key's number part: 12 digits, so keys sort as their numbers do. */
export const pad = (n: number) => String(n).padStart(12, "0")

/** The key of the log entry numbered `seq`. */
export function entryKey(seq: number): string {
  return ENTRY_PREFIX + pad(seq)
}

/** A stored count or seq: a whole number from 0 up (the protocol's `count`), else 0. */
export function storedCount(value: unknown): number {
  return count(value) ? value : 0
}

/** The log entries among stored items, in seq order; anything malformed is skipped. */
export function storedEntries(items: Record<string, unknown>): LogEntry[] {
  const entries: LogEntry[] = []
  for (const [key, value] of Object.entries(items)) {
    if (key.startsWith(ENTRY_PREFIX) && isLogEntry(value)) entries.push(value)
  }
  return entries.sort((a, b) => a.seq - b.seq)
}

/** The keys of the log's counters, read together. */
export const COUNT_KEYS = [SEQ_KEY, DROPPED_KEY]

/** What a view shows of the stored log. */
export interface StoredLog {
  entries: readonly LogEntry[]
  dropped: number
}

/**
 * What a view reads: the counters, then the entries it can show, by name.
 * Every record takes the next seq and only the oldest entries (or all of
 * them) are ever removed, so the stored log is the last seqs up to `log:seq`
 * and the last `LOG_STORED_MAX` keys hold all it keeps after pruning. Keys
 * that are gone (cleared, pruned) are simply absent from the answer, and the
 * answered ids, which a view never shows, are not read at all.
 */
export async function readViewLog(area: SessionArea): Promise<StoredLog> {
  const counts = await area.get(COUNT_KEYS)
  const seq = storedCount(counts[SEQ_KEY])
  const keys: string[] = []
  for (let n = Math.max(1, seq - LOG_STORED_MAX + 1); n <= seq; n++) {
    keys.push(entryKey(n))
  }
  const items = keys.length > 0 ? await area.get(keys) : {}
  return parseStoredLog({ ...counts, ...items })
}

/** A view's log from stored items: the entries and the dropped count among them. */
export function parseStoredLog(items: Record<string, unknown>): StoredLog {
  return {
    entries: storedEntries(items),
    dropped: storedCount(items[DROPPED_KEY])
  }
}
