import {
  replyText,
  type ClientMessage,
  type LogEntry,
  type Refusal,
  type ServerMessage,
  type ViewKind
} from "~protocol"

import { textHash, type AnsweredRecord } from "./store"
import { streamedReply } from "./streamed-replies"

/** The reply to a recorded message: the entry as stored, less its sender (who is asking). */
export function replyTo(
  entry: Omit<LogEntry, "from" | "rttMs">
): ServerMessage {
  const { id, seq, at, text, reply, stopped, bytes } = entry
  return {
    type: "reply",
    id,
    seq,
    at,
    text,
    reply,
    ...(stopped ? { stopped } : {}),
    ...(bytes === undefined ? {} : { bytes })
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

/**
 * The answer to a `send` or `upload` re-sent after it was recorded (its
 * reply was lost with a port): from the record, so it is never processed
 * (logged, stored, relayed) twice. The same id with other content is
 * refused. A stopped stream's reply is what the view had kept, which its
 * re-send says; an upload's carries a digest, so its record keeps it.
 */
export function answerAgain(
  done: AnsweredRecord,
  message: Extract<ClientMessage, { type: "send" | "upload" }>
): ServerMessage {
  const { id, seq, at } = done
  if (message.type === "upload") {
    const { name: text, size: bytes } = message
    if (done.hash !== textHash(text) || done.reply === undefined) {
      return errorMessage({ code: "id-reused", id })
    }
    return replyTo({ id, seq, at, text, reply: done.reply, bytes })
  }
  const { text, stream } = message
  if (done.hash !== textHash(text) || done.reply !== undefined) {
    return errorMessage({ code: "id-reused", id })
  }
  if (!stream?.stopped)
    return replyTo({ id, seq, at, text, reply: replyText(text) })
  const reply = streamedReply(text, stream.next)
  return replyTo({ id, seq, at, text, reply, stopped: true })
}

/**
 * The answer to a view's `join-tab`, once the injection succeeded or failed.
 * Only the extension's own pages may ask (a tab's widget may not): anything
 * else, or a worker that cannot inject, is `not-allowed`.
 */
export async function answerJoin(
  joinTab: ((tabId: number) => Promise<boolean>) | undefined,
  from: { kind: ViewKind } | null,
  { id, tabId }: { id: string; tabId: number }
): Promise<ServerMessage> {
  if (!joinTab || !from || from.kind === "tab") {
    return errorMessage({ code: "not-allowed", id })
  }
  return (await joinTab(tabId))
    ? { type: "tab-joined", id, tabId }
    : errorMessage({ code: "join-failed", id })
}
