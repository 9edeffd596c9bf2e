/**
 * The messages of a stream over a session's port, whichever side sends the
 * chunks. A stream is chunks `0 … count-1` of one stream id; the receiver
 * says how far it got and how far the sender may go (`stream-grant`), so
 * memory on both sides stays within a window whatever the stream's size,
 * and after a drop the sender resumes exactly where the receiver stands.
 * The app's protocol table declares the same fields to check them on
 * arrival; `T` is what one chunk carries (text, or bytes).
 */
export type StreamMessage<T> =
  /** Receiver → sender: `next` chunks arrived and are kept; send up to (not including) `upTo`. */
  | { type: "stream-grant"; id: string; next: number; upTo: number }
  | { type: "stream-chunk"; id: string; index: number; data: T }
  /** Sender → receiver, after a reconnect: say where you stand (a grant). */
  | { type: "stream-resume"; id: string }
  /** Sender → receiver: there are `count` chunks in all. */
  | { type: "stream-end"; id: string; count: number }
  /** Receiver → sender: all `count` chunks kept and the result final. */
  | { type: "stream-done"; id: string; count: number }
  /**
   * Either side: stop; the other side stops its work too. From the
   * receiver, `kept` says how many chunks it kept (what the stream's result
   * is made of, e.g. a reply the user stopped).
   */
  | { type: "stream-cancel"; id: string; code: string; kept?: number }
  /** Either side: one message could not be taken; the stream goes on. */
  | { type: "stream-error"; id: string; code: StreamErrorCode; index?: number }

/** What a side answers a message it cannot take. */
export const STREAM_ERROR_CODES = [
  /** A chunk before the next expected one: it already arrived. */
  "chunk-duplicate",
  /** A chunk after the next expected one: one is missing in between. */
  "chunk-out-of-order",
  /** A chunk at or past what the receiver granted. */
  "window-overrun",
  /** A message for a stream that is done or cancelled. */
  "stream-closed",
  /** An end whose count is not the chunks that arrived. */
  "bad-count",
  /** A grant that goes backwards from what was already granted and kept. */
  "bad-grant",
  /** A chunk that is not what the stream carries (the app's check, e.g. its size). */
  "bad-chunk"
] as const
/** Why a stream message was refused. */
export type StreamErrorCode = (typeof STREAM_ERROR_CODES)[number]

/** What the receiving side sends. */
export type ToSender = Extract<
  StreamMessage<never>,
  { type: "stream-grant" | "stream-done" | "stream-cancel" | "stream-error" }
>
/** What the sending side sends. */
export type ToReceiver<T> = Extract<
  StreamMessage<T>,
  {
    type:
      | "stream-chunk"
      | "stream-resume"
      | "stream-end"
      | "stream-cancel"
      | "stream-error"
  }
>
