/**
 * The names, limits and shapes the protocol's tables are built from:
 * what the conversation's table (and the inspector's mirror) share.
 */
import {
  count,
  isTrue,
  number,
  object,
  oneOf,
  optional,
  string,
  token,
  wellFormed,
  type Infer
} from "./schema"

/** Name of the port every view opens (and of Plasmo's port handler file). */
export const PORT_NAME = "popup-connection"

/**
 * The kinds of view that may join the conversation: the extension's own
 * pages (popup, side panel, the DevTools panel) and its content script in a
 * tab it was injected into (`tab`).
 */
export const VIEW_KINDS = ["popup", "sidepanel", "devtools", "tab"] as const
/** A kind of view in the conversation. */
export type ViewKind = (typeof VIEW_KINDS)[number]

/** Longest id accepted: a UUID is 36 characters. */
export const MAX_ID_LENGTH = 64

/** Most round-trip reports one `delivered` message may carry. */
export const MAX_REPORTS = 100

/**
 * An upload's chunk size, which its view picks within these bounds: every
 * chunk but the last is exactly that long. Small enough that a window of
 * them is little memory, large enough that a 100 MB file is few messages.
 */
export const CHUNK_BYTES = { min: 1024, max: 1024 * 1024 } as const

/** Longest file name an upload may carry. */
export const MAX_FILE_NAME_LENGTH = 255

/** Longest round trip a view may report (an hour, in ms): anything above is nonsense. */
const MAX_RTT_MS = 3_600_000

export const id = wellFormed(1, MAX_ID_LENGTH)
/**
 * A view's id, chosen by the view (a UUID): letters, digits, `-` and `_`
 * only, since it reaches other views' screens and the text export.
 */
export const clientId = token(1, MAX_ID_LENGTH)
export const viewKind = oneOf(VIEW_KINDS)
export const rttMs = number(0, MAX_RTT_MS)

/** One message's round trip, as its sender measured it (send → reply shown). */
const deliveryReportShape = { id, rttMs }
/** One `delivered` report: a message id and its round trip in ms. */
export type DeliveryReport = Infer<typeof deliveryReportShape>
export const deliveryReport = object(deliveryReportShape)

const logEntryShape = {
  /** The sender's message id. */
  id,
  /** Order of processing, increasing across worker restarts. */
  seq: count,
  /** When the background processed it (ms since epoch). */
  at: number(),
  from: object({ clientId, kind: viewKind }),
  text: string(),
  reply: string(),
  /** The sender's round trip (send → reply shown), once it has reported it. */
  rttMs: optional(rttMs),
  /** A streamed reply the sender stopped: `reply` is what had arrived. */
  stopped: optional(isTrue),
  /** A file the sender uploaded: `text` is its name, `bytes` its size. */
  bytes: optional(count)
}
/** One message of the shared conversation, as the background recorded it. */
export type LogEntry = Infer<typeof logEntryShape>
/** Checks a log entry (on the port, or read back from storage). */
export const isLogEntry = object(logEntryShape)

export const presenceShape = {
  /** Views connected right now, the receiving one included. */
  count,
  kinds: object({
    popup: optional(count),
    sidepanel: optional(count),
    devtools: optional(count),
    tab: optional(count)
  })
}
/** Who is in the conversation right now. */
export type Presence = Infer<typeof presenceShape>

/** The text the background answers every message with (the tutorial's wording). */
export function replyText(text: string): string {
  return `Background received: "${text}"`
}
