import type { DropCause, Status } from "mv3-port"

import type { RefusalReason, ViewKind } from "~protocol"
import type {
  LastResponse,
  MessageFailure,
  SendRefusal,
  ServerError
} from "~views/conversation-types"

import { formatNumber, t, type MessageKey } from "./i18n"

/**
 * Every text the views show for what the session and the background
 * report as data: drop causes, message failures, server error codes,
 * refused sends, each looked up in the browser's language (./i18n.ts).
 * The views call these; nothing below them words anything.
 * The background's console lines name views with `viewLabel` from here too,
 * so a view is called the same everywhere. Type-only imports (and the one
 * small lookup) keep this module free of anything a bundle would pull in
 * with it.
 */

const VIEW_LABELS: Record<ViewKind, MessageKey> = {
  popup: "viewPopup",
  sidepanel: "viewSidePanel",
  devtools: "viewDevtools",
  tab: "viewTab"
}

/** "Popup", "Side panel", "DevTools", "Tab", or "View" for a port that has not said hello yet. */
export function viewLabel(kind: ViewKind | undefined): string {
  return t(kind ? VIEW_LABELS[kind] : "viewUnknown")
}

const REFUSAL_TEXT: Record<RefusalReason, MessageKey> = {
  "unknown-name": "refusalUnknownName",
  untrusted: "refusalUntrusted",
  "not-this-extension": "refusalNotThisExtension",
  "not-a-top-frame": "refusalNotATopFrame",
  "not-injected": "refusalNotInjected",
  "tab-taken": "refusalTabTaken"
}

/**
 * Why the gate refused a port, in words: the background's log and the
 * Ports panel say it alike. A code this build does not know is shown as it is.
 */
export function refusalText(reason: string): string {
  return Object.hasOwn(REFUSAL_TEXT, reason)
    ? t(REFUSAL_TEXT[reason as RefusalReason])
    : reason
}

// Its own key per kind, not the label lowercased: German nouns keep their
// capital inside a sentence.
const VIEW_KIND_NAMES: Record<ViewKind, MessageKey> = {
  popup: "viewNamePopup",
  sidepanel: "viewNameSidePanel",
  devtools: "viewNameDevtools",
  tab: "viewNameTab"
}

/** A kind inside a sentence: "popup", "side panel", "DevTools" (a name, so its case stays), "tab". */
export function viewKindName(kind: ViewKind): string {
  return t(VIEW_KIND_NAMES[kind])
}

/** What a thrown or rejected value says, for the user (the browser's own words, as it gave them). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * A byte count as people read it: "512 bytes", "1.5 MB", "100 MB" (decimal
 * units, as file managers show). The unit symbols are SI's, the same in
 * every language; the number is written the language's way.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return t(bytes === 1 ? "bytesOne" : "bytesMany", bytes)
  const units = ["kB", "MB", "GB"] as const
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${formatNumber(value, { maximumFractionDigits: 1 })} ${units[unit]}`
}

const STATUS_LABELS: Record<Status, MessageKey> = {
  disconnected: "statusDisconnected",
  connecting: "statusConnecting",
  connected: "statusConnected",
  reconnecting: "statusReconnecting",
  failed: "statusFailed"
}
/** The connection's state in a word or two ("Reconnecting… (attempt 2)"). */
export function statusLabel(status: Status, attempt: number): string {
  return status === "reconnecting"
    ? t("statusReconnectingAttempt", attempt)
    : t(STATUS_LABELS[status])
}

/** Why the connection dropped or failed. */
export function causeText(cause: DropCause): string {
  switch (cause.code) {
    case "you-disconnected":
      return t("causeYouDisconnected")
    case "background-disconnected":
      return cause.detail
        ? t("causeBackgroundDisconnectedDetail", cause.detail)
        : t("causeBackgroundDisconnected")
    case "no-answer":
      return t("causeNoAnswer")
    case "open-failed":
      return errorText(cause.error)
    case "context-lost":
      return t("causeContextLost")
    case "gave-up":
      return t("causeGaveUp", cause.attempts, causeText(cause.last))
  }
}

/**
 * What each refusal's code means, for the user: the package's codes for a
 * message it could not read, the app handlers' own, and the client's for a
 * request that never got an answer.
 */
const SERVER_ERRORS: Record<string, MessageKey> = {
  "bad-request": "errorBadEnvelope",
  "unknown-request": "errorUnknownType",
  "bad-input": "errorBadMessage",
  "handler-failed": "errorInternal",
  "empty-text": "errorEmptyText",
  "text-too-long": "errorTextTooLong",
  "id-reused": "errorIdReused",
  "not-saved": "errorNotSaved",
  "stream-running": "errorStreamRunning",
  "file-empty": "errorFileEmpty",
  "file-too-large": "errorFileTooLarge",
  "upload-running": "errorUploadRunning",
  "upload-cancelled": "errorUploadCancelled",
  "not-allowed": "errorNotAllowed",
  "rate-limited": "errorRateLimited",
  "join-failed": "errorJoinFailed",
  disconnected: "failureDisconnected",
  "context-lost": "failureContextLost",
  "gave-up": "failureGaveUp"
}

/** What the worker's refusal means, for the user. */
export function serverErrorText({ code, limit }: ServerError): string {
  if (limit !== undefined && code === "text-too-long") {
    return t("errorTextTooLongLimit", limit)
  }
  if (limit !== undefined && code === "file-too-large") {
    return t("errorFileTooLargeLimit", formatBytes(limit))
  }
  // An own property only: a code is the worker's data.
  return Object.hasOwn(SERVER_ERRORS, code)
    ? t(SERVER_ERRORS[code])
    : t("failureRejected")
}

/** Why one of this view's messages failed. */
export function failureText(reason: MessageFailure): string {
  switch (reason.code) {
    case "queue-full":
      return t("failureQueueFull", reason.limit)
    case "no-reply-after-attempts":
      return t("failureNoReplyAfterAttempts", reason.attempts)
    case "reply-timeout":
      return t("failureReplyTimeout", Math.round(reason.ms / 1000))
    case "rejected":
      return serverErrorText(reason.error)
    default:
      // "disconnected", "context-lost", "gave-up": worded as the same codes
      // are when a join fails with them (SERVER_ERRORS).
      return serverErrorText(reason)
  }
}

/** Why a Send was refused. */
export function sendRefusalText(refusal: SendRefusal): string {
  switch (refusal.code) {
    case "not-connected":
      return t("refuseNotConnected")
    case "empty":
      return t("refuseEmpty")
    case "too-long":
      return t("refuseTooLong", refusal.length, refusal.limit)
    case "stream-running":
      return t("refuseStreamRunning")
    case "upload-running":
      return t("refuseUploadRunning")
    case "file-empty":
      return t("refuseFileEmpty")
    case "file-too-large":
      return t(
        "refuseFileTooLarge",
        formatBytes(refusal.limit),
        formatNumber(refusal.size, { useGrouping: true })
      )
  }
}

/**
 * What `#response` says. The words around the reply are the UI's and are
 * translated; the reply itself (`Background received: "…"`) is the
 * background's answer, protocol content recorded in the shared log and seen
 * alike by every view, whatever its language, so it is shown as it came.
 */
export function responseText(response: LastResponse): string {
  switch (response.kind) {
    case "none":
      return t("responseNone")
    case "reply":
      return response.stopped
        ? t("responseReplyStopped", response.text)
        : t("responseReply", response.text)
    case "error":
      return t("responseError", serverErrorText(response.error))
  }
}
