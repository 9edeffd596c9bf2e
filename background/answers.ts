import type { LogEntry, Refusal, ServerMessage } from "~protocol"

/** The reply to a recorded message: the entry as stored, less its sender (who is asking). */
export function replyTo(
  entry: Omit<LogEntry, "from" | "rttMs">
): ServerMessage {
  const { id, seq, at, text, reply, stopped } = entry
  return {
    type: "reply",
    id,
    seq,
    at,
    text,
    reply,
    ...(stopped ? { stopped } : {})
  }
}

/** The error message for `error`, with `field` and `limit` only when they say something. */
export function errorMessage({
  id,
  code,
  field,
  limit
}: Refusal): ServerMessage {
  return {
    type: "error",
    id,
    code,
    ...(field === undefined ? {} : { field }),
    ...(limit === undefined ? {} : { limit })
  }
}
