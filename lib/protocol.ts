/**
 * The one protocol spoken on the `popup-connection` port, shared by the popup,
 * the side panel and the background. Every message is a discriminated union
 * keyed by `type`, and every message that crosses the port is checked at
 * runtime by the parsers below before anything acts on it.
 */

/** Name of the port every view opens (and of Plasmo's port handler file). */
export const PORT_NAME = "popup-connection"

/** The kinds of extension page that may join the conversation. */
export const VIEW_KINDS = ["popup", "sidepanel"] as const
export type ViewKind = (typeof VIEW_KINDS)[number]

/** Longest id we accept: a UUID is 36 characters. */
export const MAX_ID_LENGTH = 64

/** What Plasmo's port client (`usePort().send`) wraps every body in. */
export interface Envelope<T> {
  name: typeof PORT_NAME
  body: T
}

// ---------------------------------------------------------------- view → background

export type ClientMessage =
  /** First message on every connection: who is talking. */
  | { type: "hello"; clientId: string; kind: ViewKind }
  /** A user's message; `id` is unique per message and reused on re-sends. */
  | { type: "send"; id: string; text: string }
  /** Heartbeat: keeps the service worker's idle timer from expiring. */
  | { type: "ping" }
  /** Empty the shared conversation log for every view. */
  | { type: "clear-log" }
  /**
   * The sender's round trips for messages it got the replies to, so every
   * view (and the stored log) can show them. Sent in batches, off the
   * critical path; answered with `noted`.
   */
  | { type: "delivered"; reports: DeliveryReport[] }

/** One message's round trip, as its sender measured it (send → reply shown). */
export interface DeliveryReport {
  id: string
  rttMs: number
}

/** Most reports one `delivered` message may carry. */
export const MAX_REPORTS = 100

// ---------------------------------------------------------------- background → view

/** One message of the shared conversation, as the background recorded it. */
export interface LogEntry {
  /** The sender's message id. */
  id: string
  /** Order of processing, increasing across worker restarts. */
  seq: number
  /** When the background processed it (ms since epoch). */
  at: number
  from: { clientId: string; kind: ViewKind }
  text: string
  reply: string
  /** The sender's round trip (send → reply shown), once it has reported it. */
  rttMs?: number
}

export interface Presence {
  /** Views connected right now, this one included. */
  count: number
  kinds: Partial<Record<ViewKind, number>>
}

export const ERROR_CODES = [
  /** The port carried something that is not `{ name?, body }`. */
  "bad-envelope",
  /** The body is not an object with a known string `type`. */
  "unknown-type",
  /** A known `type` with missing or wrongly typed fields. */
  "bad-message",
  /** `send` with text that is empty after trimming. */
  "empty-text",
  /** `send` with text longer than the configured maximum. */
  "text-too-long",
  /** `send` re-using an id the background already answered, with other text. */
  "id-reused",
  /** Something failed inside the background while handling a valid message. */
  "internal"
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** What an error says, beside the message id it is about. */
export interface ErrorData {
  code: ErrorCode
  /** The offending key (bad-envelope, bad-message), cut to 40 characters. */
  field?: string
  /** The configured maximum (text-too-long). */
  limit?: number
}

export type ServerMessage =
  /** Answer to `hello`: the connection is ready for messages. */
  | { type: "welcome"; clientId: string; presence: Presence }
  /** Answer to `send`, on the sender's own port: the entry as recorded. */
  | ({ type: "reply" } & Omit<LogEntry, "from">)
  /** Another view's message, as recorded, for everyone else in the conversation. */
  | { type: "relay"; entry: LogEntry }
  /**
   * Answer to anything the background could not accept; the port stays open.
   * Data only: the views word it. `field` names the offending key, `limit`
   * is the configured maximum a `text-too-long` text broke.
   */
  | ({ type: "error"; id: string | null } & ErrorData)
  | { type: "pong" }
  /** Sent to every view when one connects or goes away. */
  | { type: "presence"; presence: Presence }
  /** The log was cleared (by any view). */
  | { type: "log-cleared" }
  /** Answer to `delivered` (every message gets exactly one answer): how many were taken. */
  | { type: "noted"; count: number }

/** The text the background answers every message with (the tutorial's wording). */
export function replyText(text: string): string {
  return `Background received: "${text}"`
}

// ---------------------------------------------------------------- runtime checks

export type ParseResult<T> =
  { ok: true; value: T } | ({ ok: false; id: string | null } & ErrorData)

type Dict = Record<string, unknown>

function isDict(value: unknown): value is Dict {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  )
}

function own(obj: Dict, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined
}

const ENVELOPE_KEYS = ["name", "body"]

/** The first key of `obj` not in `allowed` (cut short for error data), or null. */
function firstExtraKey(obj: Dict, allowed: readonly string[]): string | null {
  for (const key in obj) {
    if (!allowed.includes(key)) return key.slice(0, 40)
  }
  return null
}

function isId(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_ID_LENGTH
  )
}

function isViewKind(value: unknown): value is ViewKind {
  return (VIEW_KINDS as readonly unknown[]).includes(value)
}

function fail<T>(
  code: ErrorCode,
  id: string | null = null,
  details: { field?: string; limit?: number } = {}
): ParseResult<T> {
  return { ok: false, code, id, ...details }
}

/** Short, safe description of an unexpected value (for a log line). */
export function describe(value: unknown): string {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  if (typeof value === "string") return "a string"
  return typeof value === "object" ? "an object" : `a ${typeof value}`
}

/** The request id a message body carries, if it carries a valid one (for errors about it). */
export function requestIdOf(body: unknown): string | null {
  if (!isDict(body)) return null
  const id = own(body, "id")
  return isId(id) ? id : null
}

/** The `type` a message body names, unchecked (undefined when it is not an object). */
export function messageTypeOf(body: unknown): unknown {
  return isDict(body) ? own(body, "type") : undefined
}

/**
 * Checks what arrived on the port: Plasmo's envelope `{ name?, body }`.
 * Returns the body unchecked; `parseClientMessage` checks that.
 */
export function parseEnvelope(raw: unknown): ParseResult<unknown> {
  if (!isDict(raw)) {
    return fail("bad-envelope")
  }
  // A well-formed body in a bad envelope still gets its id in the error.
  const id = requestIdOf(own(raw, "body"))
  // Only `name` and `body` may be present: Plasmo's router spreads the
  // envelope over its request object, so an extra `port` key would replace
  // the real port and thousands of keys would stall the worker.
  const extra = firstExtraKey(raw, ENVELOPE_KEYS)
  if (extra !== null) {
    return fail("bad-envelope", id, { field: extra })
  }
  const name = own(raw, "name")
  if (name !== undefined && name !== PORT_NAME) {
    return fail("bad-envelope", id, { field: "name" })
  }
  if (!Object.prototype.hasOwnProperty.call(raw, "body")) {
    return fail("bad-envelope", null, { field: "body" })
  }
  return { ok: true, value: raw.body }
}

/** The fields each client message type may carry. */
type Keys = readonly string[] | undefined
const MESSAGE_KEYS: Dict = {
  hello: ["type", "clientId", "kind"],
  send: ["type", "id", "text"],
  ping: ["type"],
  "clear-log": ["type"],
  delivered: ["type", "reports"]
}

/** Longest round trip a view may report (an hour, in ms): anything above is nonsense. */
const MAX_RTT_MS = 3_600_000

function isDeliveryReport(value: unknown): value is DeliveryReport {
  return (
    isDict(value) &&
    firstExtraKey(value, ["id", "rttMs"]) === null &&
    isId(own(value, "id")) &&
    isRtt(own(value, "rttMs"))
  )
}

function isRtt(value: unknown): value is number {
  return (
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= MAX_RTT_MS
  )
}

/**
 * Checks a view's message against the protocol. `maxTextLength` is enforced
 * here so the background rejects what the views would not let through.
 */
export function parseClientMessage(
  body: unknown,
  maxTextLength: number
): ParseResult<ClientMessage> {
  if (!isDict(body)) {
    return fail("unknown-type")
  }
  const type = own(body, "type")
  const rawId = own(body, "id")
  const id = isId(rawId) ? rawId : null
  const allowed =
    typeof type === "string" ? (own(MESSAGE_KEYS, type) as Keys) : undefined
  const extra = allowed ? firstExtraKey(body, allowed) : null
  if (extra !== null) {
    return fail("bad-message", id, { field: extra })
  }
  switch (type) {
    case "hello": {
      const clientId = own(body, "clientId")
      const kind = own(body, "kind")
      if (!isId(clientId)) {
        return fail("bad-message", null, { field: "clientId" })
      }
      if (!isViewKind(kind)) {
        return fail("bad-message", null, { field: "kind" })
      }
      return { ok: true, value: { type, clientId, kind } }
    }
    case "send": {
      const text = own(body, "text")
      if (id === null) return fail("bad-message", null, { field: "id" })
      if (typeof text !== "string") {
        return fail("bad-message", id, { field: "text" })
      }
      const trimmed = text.trim()
      if (trimmed.length === 0) {
        return fail("empty-text", id)
      }
      if (trimmed.length > maxTextLength) {
        return fail("text-too-long", id, { limit: maxTextLength })
      }
      return { ok: true, value: { type, id, text: trimmed } }
    }
    case "ping":
    case "clear-log":
      return { ok: true, value: { type } }
    case "delivered": {
      const reports = own(body, "reports")
      if (
        !Array.isArray(reports) ||
        reports.length === 0 ||
        reports.length > MAX_REPORTS ||
        !reports.every(isDeliveryReport)
      ) {
        return fail("bad-message", null, { field: "reports" })
      }
      return {
        ok: true,
        value: {
          type,
          reports: reports.map(({ id, rttMs }) => ({ id, rttMs }))
        }
      }
    }
    default:
      return fail("unknown-type", id)
  }
}

function isPresence(value: unknown): value is Presence {
  if (!isDict(value) || typeof value.count !== "number") return false
  return isDict(value.kinds)
}

function isLogEntry(value: unknown): value is LogEntry {
  if (!isDict(value) || !isDict(value.from)) return false
  return (
    isId(value.id) &&
    typeof value.seq === "number" &&
    typeof value.at === "number" &&
    isId(value.from.clientId) &&
    isViewKind(value.from.kind) &&
    typeof value.text === "string" &&
    typeof value.reply === "string" &&
    (value.rttMs === undefined || isRtt(value.rttMs))
  )
}

/** Checks a background message on arrival in a view; `null` if it is not one. */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  if (!isDict(raw)) return null
  switch (raw.type) {
    case "welcome":
      return isId(raw.clientId) && isPresence(raw.presence)
        ? (raw as ServerMessage)
        : null
    case "reply":
      return isId(raw.id) &&
        typeof raw.reply === "string" &&
        typeof raw.text === "string" &&
        typeof raw.seq === "number" &&
        typeof raw.at === "number"
        ? (raw as ServerMessage)
        : null
    case "relay":
      return isLogEntry(raw.entry) ? (raw as ServerMessage) : null
    case "error":
      return (raw.id === null || isId(raw.id)) &&
        (ERROR_CODES as readonly unknown[]).includes(raw.code) &&
        (raw.field === undefined || typeof raw.field === "string") &&
        (raw.limit === undefined || typeof raw.limit === "number")
        ? (raw as ServerMessage)
        : null
    case "presence":
      return isPresence(raw.presence) ? (raw as ServerMessage) : null
    case "pong":
    case "log-cleared":
      return raw as ServerMessage
    case "noted":
      return typeof raw.count === "number" ? (raw as ServerMessage) : null
    default:
      return null
  }
}

/** Checks an entry read back from storage (it may predate a format change). */
export { isLogEntry }
