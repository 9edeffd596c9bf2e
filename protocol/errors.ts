/**
 * What the background answers a message it cannot accept with: a code, never
 * a sentence. The views own the wording of each code.
 */
export const ERROR_CODES = [
  /** The port carried something that is not `{ name?, body }`. */
  "bad-envelope",
  /** The body is not an object with a known string `type`. */
  "unknown-type",
  /** A known `type` with missing, wrongly typed or undeclared fields. */
  "bad-message",
  /** `send` with text that is empty after trimming. */
  "empty-text",
  /** `send` with text longer than the configured maximum. */
  "text-too-long",
  /** `send` re-using an id the background already answered, with other text. */
  "id-reused",
  /** `send` or `file` whose record storage refused: kept in memory, written again on a re-send. */
  "not-saved",
  /** A streamed reply asked for while this view already has one running. */
  "stream-running",
  /** `upload` of a file with no bytes. */
  "file-empty",
  /** `upload` of a file larger than the configured maximum (`limit`, in bytes). */
  "file-too-large",
  /** `upload` while this view already has another upload running. */
  "upload-running",
  /** The upload `id` was cancelled by its view: it has no result. */
  "upload-cancelled",
  /** A message this view may not send (a `hello` as another kind of view, a tab asking to join a tab). */
  "not-allowed",
  /** A tab's widget sent more messages than its rate limit lets through. */
  "rate-limited",
  /** `join-tab`: the browser would not let the widget into that tab's page. */
  "join-failed",
  /** Something failed inside the background while handling a valid message. */
  "internal"
] as const
/** One of `ERROR_CODES`. */
export type ErrorCode = (typeof ERROR_CODES)[number]

/** What an error says beyond the message it is about. */
export interface ErrorData {
  code: ErrorCode
  /** The field that was wrong (bad-envelope, bad-message). */
  field?: string
  /** The limit that was exceeded (text-too-long, file-too-large). */
  limit?: number
}

/** Why a value was refused: the error message's fields, less its `type`. */
export interface Refusal extends ErrorData {
  /** The message the refused value named, when it carried a valid id. */
  id: string | null
}

/** A parser's answer: the checked value, or why it was refused. */
export type ParseResult<T> = { ok: true; value: T } | ({ ok: false } & Refusal)

/** A refused parse. */
export function refuse<T>(
  code: ErrorCode,
  id: string | null,
  details: Pick<Refusal, "field" | "limit"> = {}
): ParseResult<T> {
  return { ok: false, code, id, ...details }
}
