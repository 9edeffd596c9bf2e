/**
 * The one protocol spoken on the `popup-connection` port, shared by every
 * view and the background: one table per direction, one entry per message
 * type (the fields they share are in shapes.ts). The TypeScript types and the runtime parsers both come from
 * these tables, so adding a field is one edit and both directions are
 * checked the same strict way.
 */
import { ERROR_CODES } from "./errors"
import { INSPECTOR_MESSAGES } from "./inspector"
import {
  arrayOf,
  bytes,
  count,
  integer,
  isTrue,
  nullable,
  number,
  object,
  oneOf,
  optional,
  string,
  type Infer,
  type Shape
} from "./schema"
import {
  CHUNK_BYTES,
  clientId,
  deliveryReport,
  id,
  isLogEntry,
  MAX_FILE_NAME_LENGTH,
  MAX_REPORTS,
  presenceShape,
  rttMs,
  streamCancelShape,
  streamErrorShape,
  viewKind
} from "./shapes"

/** View → background. */
export const CLIENT_MESSAGES = {
  /** First message on every connection: who is talking. */
  hello: { clientId, kind: viewKind },
  /**
   * A user's message; `id` is unique per message and reused on re-sends.
   * With `stream`, the reply comes as a stream of chunks; its fields say
   * where the view's side of that stream stands at this (re)send: chunks
   * kept, how far the background may send, and whether the user stopped it.
   */
  send: {
    id,
    text: string(),
    stream: optional(
      object({ next: count, upTo: count, stopped: optional(isTrue) })
    )
  },
  /**
   * A file to upload as stream `id` (re-sent after a drop, like `send`):
   * its chunks follow as `stream-chunk`s once the background grants them.
   * `cancelled` when the user cancelled it while the port was down.
   */
  upload: {
    id,
    name: string(1, MAX_FILE_NAME_LENGTH),
    size: count,
    chunkBytes: integer(CHUNK_BYTES.min, CHUNK_BYTES.max),
    cancelled: optional(isTrue)
  },
  /** Chunk `index` of the upload `id`: its bytes, carried by structured clone. */
  "stream-chunk": { id, index: count, data: bytes(1, CHUNK_BYTES.max) },
  /** After a reconnect: where does the upload `id` stand (answered with a grant)? */
  "stream-resume": { id },
  /** The upload `id` has `count` chunks in all. */
  "stream-end": { id, count },
  /** More credit for the streamed reply `id`: send chunks below `upTo`. */
  "stream-grant": { id, next: count, upTo: count },
  /** All `count` chunks of the streamed reply `id` arrived. */
  "stream-done": { id, count },
  /** The user stopped the streamed reply `id` after `kept` chunks. */
  "stream-cancel": streamCancelShape,
  /** A stream message the view could not take. */
  "stream-error": streamErrorShape,
  /** Heartbeat: keeps the service worker's idle timer from expiring. */
  ping: {},
  /** Empty the shared conversation log for every view. */
  "clear-log": {},
  /** The sender's round trips for replies it showed, shared with every view. */
  delivered: { reports: arrayOf(deliveryReport, 1, MAX_REPORTS) },
  /** Inject the conversation widget into tab `tabId` (the popup's "Join from this tab"). */
  "join-tab": { id, tabId: count }
} as const satisfies Record<string, Shape>

/** Background → view. */
export const SERVER_MESSAGES = {
  /** Answer to `hello`: the connection is ready for messages. */
  welcome: { presence: object(presenceShape) },
  /** Answer to `send`, on the sender's own port: the entry as recorded, less its sender. */
  reply: {
    id,
    seq: count,
    at: number(),
    text: string(),
    reply: string(),
    rttMs: optional(rttMs),
    stopped: optional(isTrue),
    bytes: optional(count)
  },
  /** The upload `id`: `next` chunks kept, send chunks below `upTo`. */
  "stream-grant": { id, next: count, upTo: count },
  /** Every one of the upload's `count` chunks was kept (its reply follows). */
  "stream-done": { id, count },
  /** Chunk `index` of the streamed reply to message `id`. */
  "stream-chunk": { id, index: count, data: string() },
  /** After a reconnect: the view says where its side of stream `id` stands (a grant). */
  "stream-resume": { id },
  /** The streamed reply `id` has `count` chunks in all. */
  "stream-end": { id, count },
  /** The background stopped the streamed reply `id`. */
  "stream-cancel": streamCancelShape,
  /** A stream message the background could not take. */
  "stream-error": streamErrorShape,
  /** Another view's streamed reply so far, for every other view to show live. */
  "stream-progress": {
    id,
    from: object({ clientId, kind: viewKind }),
    text: string(),
    reply: string()
  },
  /** Another view's message, as recorded, for everyone else in the conversation. */
  relay: { entry: isLogEntry },
  /** Answer to anything the background could not accept; the port stays open. */
  error: {
    id: nullable(id),
    code: oneOf(ERROR_CODES),
    /** The field that was wrong (bad-envelope, bad-message). */
    field: optional(string(0, 40)),
    /** The limit that was exceeded (text-too-long). */
    limit: optional(count)
  },
  pong: {},
  /** Sent to every view when one connects or goes away. */
  presence: { presence: object(presenceShape) },
  /** The log was cleared (by any view). */
  "log-cleared": {},
  /** Answer to `delivered` (every message gets exactly one answer): how many were taken. */
  noted: { count },
  /** Answer to `join-tab`: the widget runs in tab `tabId` (a failure is an `error`). */
  "tab-joined": { id, tabId: count },
  /** To `devtools` views only: the mirror of every port's traffic. */
  ...INSPECTOR_MESSAGES
} as const satisfies Record<string, Shape>

/** One message of a table: its `type` plus the fields its shape declares. */
export type MessageOf<T extends Record<string, Shape>> = {
  [K in keyof T & string]: { type: K } & Infer<T[K]>
}[keyof T & string]

/** Any message a view sends. */
export type ClientMessage = MessageOf<typeof CLIENT_MESSAGES>
/** Any message the background sends. */
export type ServerMessage = MessageOf<typeof SERVER_MESSAGES>

/** The text the background answers every message with (the tutorial's wording). */
export function replyText(text: string): string {
  return `Background received: "${text}"`
}
