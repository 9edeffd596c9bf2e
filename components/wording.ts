import type {
  ErrorData,
  RefusalReason,
  ServerMessage,
  ViewKind
} from "~protocol"
import type { DropCause, FailReason, Status } from "~session"
import type {
  ResponseLine,
  SendRefusal,
  ServerError
} from "~views/conversation-types"

/**
 * Every English text the views show for what the session and the background
 * report as data: drop causes, message failures, server error codes,
 * refused sends. The views call these; nothing below them words anything.
 * The background's console lines name views with `viewLabel` from here too,
 * so a view is called the same everywhere. Type-only imports keep this
 * module free of anything a bundle would pull in with it.
 */

const VIEW_LABELS: Record<ViewKind, string> = {
  popup: "Popup",
  sidepanel: "Side panel",
  devtools: "DevTools",
  tab: "Tab"
}

/** "Popup", "Side panel", "DevTools", "Tab", or "View" for a port that has not said hello yet. */
export function viewLabel(kind: ViewKind | undefined): string {
  return kind ? VIEW_LABELS[kind] : "View"
}

const REFUSAL_TEXT: Record<RefusalReason, string> = {
  "unknown-name": "unknown port name",
  untrusted: "not one of this extension's pages",
  "not-this-extension": "not this extension",
  "not-a-top-frame": "not a tab's top frame",
  "not-injected": "a tab the widget was not injected into",
  "tab-taken": "a second port of one tab"
}

/**
 * Why the gate refused a port, in words: the background's log and the
 * Ports panel say it alike. A code this build does not know is shown as it is.
 */
export function refusalText(reason: string): string {
  return Object.hasOwn(REFUSAL_TEXT, reason)
    ? REFUSAL_TEXT[reason as RefusalReason]
    : reason
}

/** A kind inside a sentence: "popup", "side panel", "DevTools" (a name, so its case stays), "tab". */
export function viewKindName(kind: ViewKind): string {
  const label = viewLabel(kind)
  return kind === "devtools" ? label : label.toLowerCase()
}

/** What a thrown or rejected value says, for the user. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A byte count as people read it: "512 bytes", "1.5 MB", "100 MB" (decimal units, as file managers show). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`
  const units = ["kB", "MB", "GB"] as const
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`
}

const STATUS_LABELS: Record<Status, string> = {
  disconnected: "Disconnected",
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  failed: "Failed"
}
/** The connection's state in a word or two ("Reconnecting… (attempt 2)"). */
export function statusLabel(status: Status, attempt: number): string {
  const label = STATUS_LABELS[status]
  return status === "reconnecting" ? `${label} (attempt ${attempt})` : label
}

/** Why the connection dropped or failed. */
export function causeText(cause: DropCause): string {
  switch (cause.code) {
    case "you-disconnected":
      return "You disconnected."
    case "background-disconnected":
      return cause.detail
        ? `Background disconnected (${cause.detail}).`
        : "Background disconnected."
    case "no-answer":
      return "The background did not answer."
    case "open-failed":
      return errorText(cause.error)
    case "context-lost":
      return "The extension was reloaded or updated: reopen this view."
    case "gave-up":
      return `Gave up after ${cause.attempts} attempts. ${causeText(cause.last)}`
  }
}

/** " (field "x")" when the background named the offending field. */
function fieldPart(error: ErrorData): string {
  return error.field ? ` (field "${error.field}")` : ""
}

/** What the background's error code means, for the user. */
export function serverErrorText(error: ErrorData): string {
  switch (error.code) {
    case "bad-envelope":
      return `The background could not read the message's envelope${fieldPart(error)}.`
    case "unknown-type":
      return "The background does not know this kind of message."
    case "bad-message":
      return `The background could not read the message${fieldPart(error)}.`
    case "empty-text":
      return "The message is empty."
    case "text-too-long":
      return error.limit === undefined
        ? "The message is too long."
        : `The message is too long; the limit is ${error.limit} characters.`
    case "id-reused":
      return "That message id was already used for another message."
    case "stream-running":
      return "A streamed reply is already running in this view; stop it or wait for it."
    case "file-empty":
      return "The file is empty."
    case "file-too-large":
      return error.limit === undefined
        ? "The file is too large."
        : `The file is too large; the limit is ${formatBytes(error.limit)}.`
    case "upload-running":
      return "A file is already being sent from this view; cancel it or wait for it."
    case "upload-cancelled":
      return "The upload was cancelled."
    case "not-allowed":
      return "This view may not do that."
    case "rate-limited":
      return "Too many messages from this tab; wait a moment and send again."
    case "join-failed":
      return "The browser did not let the extension into this page."
    case "internal":
      return "Something went wrong in the background."
  }
}

/** Why one of this view's messages failed. */
export function failureText(reason: FailReason<ServerMessage>): string {
  switch (reason.code) {
    case "queue-full":
      return `Too many messages waiting (${reason.limit}); retry once some are answered.`
    case "no-reply-after-attempts":
      return `No reply after ${reason.attempts} attempts.`
    case "reply-timeout":
      return `No reply within ${Math.round(reason.ms / 1000)} s.`
    case "disconnected":
      return "Disconnected before a reply."
    case "context-lost":
      return "The extension was reloaded before a reply."
    case "gave-up":
      return "The connection could not be re-established."
    case "rejected":
      return reason.error.type === "error"
        ? serverErrorText(reason.error as ServerError)
        : "The background refused the message."
  }
}

/** Why a Send was refused. */
export function sendRefusalText(refusal: SendRefusal): string {
  switch (refusal.code) {
    case "not-connected":
      return "Connect first."
    case "empty":
      return "Type a message first."
    case "too-long":
      return `That message is ${refusal.length} characters; the limit is ${refusal.limit}.`
    case "stream-running":
      return "A streamed reply is still running: Stop it or wait for it."
    case "upload-running":
      return "A file is still being sent: Cancel it or wait for it."
    case "file-empty":
      return "That file is empty: choose a file with something in it."
    case "file-too-large":
      return `That file is larger than the ${formatBytes(refusal.limit)} limit (${refusal.size.toLocaleString("en")} bytes).`
  }
}

/** What `#response` says. */
export function responseText(response: ResponseLine): string {
  switch (response.kind) {
    case "none":
      return "Response will appear here"
    case "reply":
      return response.stopped
        ? `Reply: ${response.text} (stopped)`
        : `Reply: ${response.text}`
    case "error":
      return `Error: ${serverErrorText(response.error)}`
  }
}
