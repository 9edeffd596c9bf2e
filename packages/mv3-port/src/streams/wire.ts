/**
 * Reads core/stream's messages as they arrive wrapped in `{ k: "st", m }`,
 * field by field, so both sides hand their sender or receiver only
 * well-formed ones. A chunk's data is checked later, by the protocol.
 */
import type { StreamMessage } from "../core/stream/messages"
import { isId, isRecord } from "../plain-data"

const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0

const isCode = (value: unknown): value is string =>
  typeof value === "string" && value.length <= 128

/** A stream message, or null when it is none of ours or a field is wrong. */
export function readStreamMessage(raw: unknown): StreamMessage<unknown> | null {
  if (!isRecord(raw) || !isId(raw.id)) return null
  const { type, id, index, next, upTo, count, code, kept } = raw
  switch (type) {
    case "stream-grant":
      return isCount(next) && isCount(upTo) && next <= upTo
        ? { type, id, next, upTo }
        : null
    case "stream-chunk":
      return isCount(index) ? { type, id, index, data: raw.data } : null
    case "stream-resume":
      return { type, id }
    case "stream-end":
    case "stream-done":
      return isCount(count) ? { type, id, count } : null
    case "stream-cancel":
      if (!isCode(code) || (kept !== undefined && !isCount(kept))) return null
      return kept === undefined ? { type, id, code } : { type, id, code, kept }
    case "stream-error":
      // The code only makes the sender ask where the receiver stands.
      return isCode(code) ? { type, id, code: code as "bad-chunk" } : null
    default:
      return null
  }
}
