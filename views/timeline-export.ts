import type { LogEntry, ViewKind } from "~protocol"

/**
 * The conversation log as files a person keeps: a JSON document with a
 * stable field set, and plain text to read. Both are built field by field
 * from the recorded entries, so nothing but what docs/features.md documents
 * reaches the file, and both list the entries in the order the background
 * processed them (seq), whatever order they were handed in.
 */

/** Names the JSON file's layout, so a reader can tell this version from a later one. */
const TIMELINE_EXPORT_FORMAT = "conversation-log/1"

/** What an entry records: a typed message, or a file the sender uploaded. */
type ExportedKind = "message" | "file"

/** One exported entry: every field is present in every entry (null when it does not apply). */
interface ExportedEntry {
  seq: number
  id: string
  time: string
  at: number
  from: { clientId: string; kind: ViewKind }
  kind: ExportedKind
  text: string
  reply: string
  bytes: number | null
  rttMs: number | null
  stopped: boolean
}

/** What Export JSON writes. */
export interface TimelineExport {
  format: typeof TIMELINE_EXPORT_FORMAT
  exportedAt: string
  /** Older entries the log had dropped to stay within its bound before these. */
  dropped: number
  entries: ExportedEntry[]
}

/** What the view holds of the log: its recorded entries and the count of older dropped ones. */
export interface ExportedLog {
  entries: readonly LogEntry[]
  dropped: number
}

const bySeq = (entries: readonly LogEntry[]) =>
  [...entries].sort((a, b) => a.seq - b.seq)

/** One entry with the documented fields only, in a fixed order. */
function exportedEntry(entry: LogEntry): ExportedEntry {
  return {
    seq: entry.seq,
    id: entry.id,
    time: new Date(entry.at).toISOString(),
    at: entry.at,
    from: { clientId: entry.from.clientId, kind: entry.from.kind },
    kind: entry.bytes === undefined ? "message" : "file",
    text: entry.text,
    reply: entry.reply,
    bytes: entry.bytes ?? null,
    rttMs: entry.rttMs ?? null,
    stopped: entry.stopped === true
  }
}

/** The log as a JSON document (what Export JSON downloads). */
export function timelineExport(
  log: ExportedLog,
  exportedAt: number
): TimelineExport {
  return {
    format: TIMELINE_EXPORT_FORMAT,
    exportedAt: new Date(exportedAt).toISOString(),
    dropped: log.dropped,
    entries: bySeq(log.entries).map(exportedEntry)
  }
}

/** The JSON document as the file's text: indented, ending with a newline. */
export function timelineJson(log: ExportedLog, exportedAt: number): string {
  return `${JSON.stringify(timelineExport(log, exportedAt), null, 2)}\n`
}

/** Indent of an entry's continuation lines: never a time, so never a new entry. */
const INDENT = "    "

/**
 * Control characters other than tab, and the bidirectional marks and
 * overrides, shown as `\u001b` and the like: a message cannot move the
 * cursor, recolour the terminal that prints the file, or reorder what a
 * reader sees on the line.
 */
function visible(line: string): string {
  return line.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  )
}

/** `text` on one line: line breaks shown escaped too (for fields that are never multi-line). */
function oneLine(text: string): string {
  return visible(text).replace(
    /[\n\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  )
}

/** What editors break a line at: CR LF, CR, LF and Unicode's line and paragraph separators. */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/

/** `text`'s lines, the first after `lead`, the others on indented lines of their own. */
function block(lead: string, text: string, indent: string): string[] {
  const [first, ...rest] = text.split(LINE_BREAK).map(visible)
  return [`${lead}${first}`, ...rest.map((line) => `${indent}${line}`)]
}

/** The head line's facts between who and what: `file=…B`, `rtt=…ms`, `stopped`. */
function facts(entry: LogEntry): string {
  const parts: string[] = []
  if (entry.bytes !== undefined) parts.push(`file=${entry.bytes}B`)
  if (entry.rttMs !== undefined) parts.push(`rtt=${entry.rttMs.toFixed(1)}ms`)
  if (entry.stopped) parts.push("stopped")
  return parts.map((part) => `${part} `).join("")
}

/** One entry: its head line (time, who, facts, → text), then ← the reply, indented. */
function entryLines(entry: LogEntry): string[] {
  const time = new Date(entry.at).toISOString()
  const who = `${entry.from.kind}/${oneLine(entry.from.clientId.slice(0, 8))}`
  return [
    ...block(`${time} ${who} ${facts(entry)}→ `, entry.text, `${INDENT}  `),
    ...block(`${INDENT}← `, entry.reply, `${INDENT}  `)
  ]
}

/**
 * The log as plain text (what Export text downloads): a header line, then
 * each entry from a line that starts with its time; every other line of
 * the entry (the reply, more lines of a text) is indented.
 */
export function timelineText(log: ExportedLog, exportedAt: number): string {
  const count = log.entries.length
  const header =
    `# ${TIMELINE_EXPORT_FORMAT} exported ${new Date(exportedAt).toISOString()}: ` +
    `${count} ${count === 1 ? "entry" : "entries"}, ${log.dropped} older dropped`
  const lines = [header, ...bySeq(log.entries).flatMap(entryLines)]
  return `${lines.join("\n")}\n`
}
