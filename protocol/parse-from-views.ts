/**
 * The background's parsers: what arrives from a view, envelope first. Apart
 * from parse.ts so the views, which only parse what the background sends,
 * do not bundle them.
 */
import { refuse, type ParseResult } from "./errors"
import { CLIENT_MESSAGES, type ClientMessage } from "./messages"
import { compile, parseMessage, requestIdOf } from "./parse"
import {
  anything,
  isDict,
  oneOf,
  optional,
  own,
  problemIn,
  type Shape
} from "./schema"
import { PORT_NAME } from "./shapes"

const clientShapes = compile(CLIENT_MESSAGES)

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
  return { ok: true, value: { ...parsed.value, text } }
}
