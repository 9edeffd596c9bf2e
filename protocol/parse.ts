/**
 * The runtime side of the protocol tables: every value that crosses the port
 * is parsed here before anything acts on it, in both directions. What only
 * the background checks (envelopes, view messages) is in parse-from-views.ts, so
 * the views' bundles leave it out.
 */
import { refuse, type ParseResult } from "./errors"
import { SERVER_MESSAGES, type MessageOf, type ServerMessage } from "./messages"
import { isDict, oneOf, own, problemIn, string, type Shape } from "./schema"
import { MAX_ID_LENGTH } from "./shapes"

const isId = string(1, MAX_ID_LENGTH)

/** The request id a message body carries, if it carries a valid one (for errors about it). */
export function requestIdOf(body: unknown): string | null {
  if (!isDict(body)) return null
  const id = own(body, "id")
  return isId(id) ? id : null
}

/**
 * Each table entry's shape with its `type` field added, by type name. A Map,
 * so a `type` such as "constructor" or "__proto__" finds nothing.
 */
export function compile(table: Record<string, Shape>): Map<string, Shape> {
  return new Map(
    Object.entries(table).map(([type, shape]) => [
      type,
      { type: oneOf([type]), ...shape }
    ])
  )
}

const serverShapes = compile(SERVER_MESSAGES)

/** Parses a message of one direction's table, strictly. */
export function parseMessage<T extends Record<string, Shape>>(
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

/** Checks a background message on arrival in a view; null if it is not one. */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  const parsed = parseMessage<typeof SERVER_MESSAGES>(serverShapes, raw)
  return parsed.ok ? parsed.value : null
}
