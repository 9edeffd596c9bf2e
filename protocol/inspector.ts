/**
 * What the background mirrors to a DevTools inspector (a view of kind
 * `devtools`): one row per message in or out of the background, and a line
 * per view joining, leaving or being refused. The rows describe messages
 * (type, size, a short preview); they never carry a message's bytes.
 */
import {
  arrayOf,
  count,
  nullable,
  number,
  object,
  oneOf,
  optional,
  string,
  type Infer
} from "./schema"
import {
  clientId,
  deliveryReport,
  id,
  MAX_REPORTS,
  rttMs,
  viewKind
} from "./shapes"

/** Longest preview of a message the mirror carries (characters of its JSON form). */
export const MAX_PREVIEW_LENGTH = 200

/** Most rows (messages and view lines together) one `traffic` message carries. */
export const MAX_TRAFFIC_ROWS = 500

/** Longest message type the mirror names (anything a port carries is named, even nonsense). */
export const MAX_TYPE_LENGTH = 40

/** Why the gate refused a port: a refused view line's `cause`. */
export const REFUSAL_REASONS = [
  "unknown-name",
  "untrusted",
  "not-this-extension",
  "not-a-top-frame",
  "not-injected",
  "tab-taken"
] as const
/** Why a port was refused. */
export type RefusalReason = (typeof REFUSAL_REASONS)[number]

/** The view a row is about: null for a port that has not said hello. */
const mirroredView = nullable(object({ clientId, kind: viewKind }))

const messageRowShape = {
  /** Order of the row among this worker's rows (messages and view lines). */
  seq: count,
  /** When the background saw it (ms since epoch). */
  at: number(),
  view: mirroredView,
  /** Which way it went, seen from the background. */
  direction: oneOf(["in", "out"]),
  /** The message's `type`, or "?" when it has none a reader could use. */
  type: string(1, MAX_TYPE_LENGTH),
  /** Its JSON form in UTF-8 plus any binary data; absent when it has no JSON form. */
  bytes: optional(count),
  /** The request id it carries, if any. */
  id: optional(id),
  /** For an answer: from its request's arrival to the answer leaving the background. */
  rttMs: optional(rttMs),
  /** For a view's `delivered`: the round trips it measured (send → reply shown). */
  reports: optional(arrayOf(deliveryReport, 1, MAX_REPORTS)),
  /** The start of its JSON form (binary data shown as its size), as text. */
  preview: string(0, MAX_PREVIEW_LENGTH)
}
/** One message in or out of the background. */
export type MessageRow = Infer<typeof messageRowShape>

const viewLineShape = {
  seq: count,
  at: number(),
  view: mirroredView,
  /** What happened to the view ("present": it was connected when inspection began). */
  event: oneOf(["present", "joined", "left", "refused"]),
  /** Why it left ("closed", "unreachable") or was refused (the gate's reason code). */
  cause: optional(string(1, MAX_TYPE_LENGTH)),
  /** Where a refused port came from (an origin, never a full URL). */
  origin: optional(string(1, MAX_PREVIEW_LENGTH))
}
/** A view joined, left, or was refused. */
export type ViewLine = Infer<typeof viewLineShape>

/** The inspector's events, background → a `devtools` view (in protocol/conversation.ts). */
export const INSPECTOR_EVENTS = {
  /**
   * After the welcome to a `devtools` view: mirroring has begun, in the
   * worker that started at `workerStartedAt` (a new value means a new worker).
   */
  inspecting: object({ workerStartedAt: number() }),
  /** What the ports carried since the last batch; `dropped` rows were lost to the bound. */
  traffic: object({
    messages: arrayOf(object(messageRowShape), 0, MAX_TRAFFIC_ROWS),
    views: arrayOf(object(viewLineShape), 0, MAX_TRAFFIC_ROWS),
    dropped: count
  })
}
