/**
 * The runtime side of the protocol tables: every value that crosses the port
 * is parsed here before anything acts on it, in both directions.
 */
import { refuse, type ParseResult } from "./errors"
import {
  CLIENT_MESSAGES,
  MAX_ID_LENGTH,
  PORT_NAME,
  SERVER_MESSAGES,
  type ClientMessage,
  type MessageOf,
  type ServerMessage
} from "./messages"
import {
  anything,
  isDict,
  oneOf,
  optional,
  own,
  problemIn,
  string,
  type Shape
} from "./schema"

const isId = string(1, MAX_ID_LENGTH)

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
 * Each table entry's shape with its `type` field added, by type name. A Map,
 * so a `type` such as "constructor" or "__proto__" finds nothing.
 */
function compile(table: Record<string, Shape>): Map<string, Shape> {
  return new Map(
    Object.entries(table).map(([type, shape]) => [
      type,
      { type: oneOf([type]), ...shape }
    ])
  )
}

const clientShapes = compile(CLIENT_MESSAGES)
const serverShapes = compile(SERVER_MESSAGES)

/** Parses a message of one direction's table, strictly. */
function parseMessage<T extends Record<string, Shape>>(
  shapes: Map<string, Shape>,
  body: unknown
): ParseResult<MessageOf<T>> {
  if (!isDict(body)) return refuse("unknown-type", null)
  const id = requestIdOf(body)
  const type = own(body, "type")
  const shape = typeof type === "string" ? shapes.get(type) : undefined
  if (!shape) return refuse("unknown-type", id)
  const field = problemIn(shape, body)
  if (field !== null) return refuse("bad-message", id, { field })
  return { ok: true, value: body as MessageOf<T> }
}

/** Fields Plasmo's envelope may have: the router spreads it over its request object. */
const envelopeShape: Shape = {
  name: optional(oneOf([PORT_NAME])),
  body: optional(anything)
}

/**
 * Checks what arrived on the port: Plasmo's envelope `{ name?, body }`.
 * Returns the body unchecked; `parseClientMessage` checks that. Only `name`
 * and `body` may be present: Plasmo's router spreads the envelope over its
 * request object, so an extra `port` key would replace the real port, and
 * thousands of keys would stall the worker.
 */
export function parseEnvelope(raw: unknown): ParseResult<unknown> {
  if (!isDict(raw)) return refuse("bad-envelope", null)
  // A well-formed body in a bad envelope still gets its id in the error.
  const id = requestIdOf(own(raw, "body"))
  const field = problemIn(envelopeShape, raw)
  if (field !== null) return refuse("bad-envelope", id, { field })
  if (!Object.prototype.hasOwnProperty.call(raw, "body")) {
    return refuse("bad-envelope", null, { field: "body" })
  }
  return { ok: true, value: raw.body }
}

/**
 * Checks a view's message against the protocol, and a `send`'s text against
 * `maxTextLength` (so the background refuses what the views would not let
 * through). A send's text comes back trimmed.
 */
export function parseClientMessage(
  body: unknown,
  maxTextLength: number
): ParseResult<ClientMessage> {
  const parsed = parseMessage<typeof CLIENT_MESSAGES>(clientShapes, body)
  if (!parsed.ok || parsed.value.type !== "send") return parsed
  const { id } = parsed.value
  const text = parsed.value.text.trim()
  if (text.length === 0) return refuse("empty-text", id)
  if (text.length > maxTextLength) {
    return refuse("text-too-long", id, { limit: maxTextLength })
  }
  return { ok: true, value: { type: "send", id, text } }
}

/** Checks a background message on arrival in a view; null if it is not one. */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  const parsed = parseMessage<typeof SERVER_MESSAGES>(serverShapes, raw)
  return parsed.ok ? parsed.value : null
}
