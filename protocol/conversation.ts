/**
 * The conversation as mv3-port speaks it on the `popup-connection` port:
 * one `defineProtocol` table from which the views' client, the worker's
 * server and every runtime check take their types. The package owns the
 * hello/welcome, heartbeat, request ids, re-sends and stream credit; this
 * table only says what each request, event, stream and upload carries.
 *
 * The message `id` in `send`, `reply` and `file` is the view's own (one
 * per message, kept across re-sends and a user's Retry): it keys the log,
 * the timeline rows and the round-trip reports, so the worker answers a
 * message it already recorded from its record. The package's request ids
 * only carry a request across worker stops.
 */
import { defineProtocol } from "mv3-port"

import { INSPECTOR_EVENTS } from "./inspector"
import {
  arrayOf,
  bytes,
  count,
  integer,
  isTrue,
  number,
  object,
  optional,
  string,
  type Infer
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
  viewKind
} from "./shapes"

/** Who a view is: its id (a UUID it picks) and its kind, bound to its port at hello. */
const viewShape = { clientId, kind: viewKind }
/** A view as the other views see it. */
export type ViewIdentity = Infer<typeof viewShape>

const replyShape = {
  id,
  seq: count,
  at: number(),
  text: string(),
  reply: string(),
  stopped: optional(isTrue),
  bytes: optional(count)
}
/** The answer to a message or a file: its log entry as recorded, less its sender. */
export type Reply = Infer<typeof replyShape>

const nothing = object({})

export const conversation = defineProtocol({
  hello: object(viewShape),
  requests: {
    /**
     * A user's message. `kept`: it was a streamed reply the user stopped
     * after `kept` chunks, and the log records what had arrived.
     */
    send: {
      input: object({ id, text: string(), kept: optional(count) }),
      output: object(replyShape)
    },
    /** This view's round trips for replies it showed, shared with every view. */
    delivered: {
      input: object({ reports: arrayOf(deliveryReport, 1, MAX_REPORTS) }),
      output: object({ count })
    },
    /** Empty the shared conversation log for every view. */
    clearLog: { input: nothing, output: nothing },
    /** Inject the conversation widget into tab `tabId` (the popup's "Join from this tab"). */
    joinTab: {
      input: object({ tabId: count }),
      output: object({ tabId: count })
    }
  },
  events: {
    /** Who is in the conversation: on every join and leave, to every view. */
    presence: object(presenceShape),
    /** Another view's message as recorded, or a round trip added to one. */
    entry: isLogEntry,
    /** Another view's streamed reply so far, shown live until its entry comes. */
    progress: object({
      id,
      from: object(viewShape),
      text: string(),
      reply: string()
    }),
    /** View `clientId` left: its live rows end. */
    progressEnded: object({ clientId }),
    /** The log was cleared (by another view). */
    logCleared: nothing,
    ...INSPECTOR_EVENTS
  },
  streams: {
    /** The reply to message `id`, a word at a time; recorded by a `send` with the same id. */
    reply: { input: object({ id, text: string() }), chunk: string() }
  },
  uploads: {
    /** A file, hashed as it arrives (never kept); answered like a message. */
    file: {
      input: object({
        id,
        name: string(1, MAX_FILE_NAME_LENGTH),
        size: count,
        chunkBytes: integer(CHUNK_BYTES.min, CHUNK_BYTES.max)
      }),
      chunk: bytes(1, CHUNK_BYTES.max),
      output: object(replyShape)
    }
  }
})

/** The conversation's protocol table, as the package's types take it. */
export type Conversation = typeof conversation
