import type { DropCause, OutboxItem, Status } from "mv3-port/core"

import type { Presence, ServerMessage } from "~protocol"

import type { SendBody } from "./conversation-protocol"
import type { UploadProgress } from "./file-upload"
import type { StreamingReply } from "./reply-stream"

/** What a view renders of its conversation client, all of it data. */

/** One of this view's messages, as the session carries it. */
export type OutgoingMessage = OutboxItem<SendBody, ServerMessage>

/** The background's error message: its code is the data the UI words. */
export type ServerError = Extract<ServerMessage, { type: "error" }>

/** What `#response` shows. */
export type ResponseLine =
  | { kind: "none" }
  /** A reply, or a streamed one so far; `stopped` when the user stopped it. */
  | { kind: "reply"; text: string; stopped?: true }
  | { kind: "error"; error: ServerError }

/** Why a Send was refused before anything was sent. */
export type SendRefusal =
  | { code: "not-connected" }
  | { code: "empty" }
  | { code: "too-long"; length: number; limit: number }
  /** A streamed reply asked for while this view's last one still runs. */
  | { code: "stream-running" }
  /** A file sent while this view's last upload still runs. */
  | { code: "upload-running" }
  | { code: "file-empty" }
  | { code: "file-too-large"; size: number; limit: number }

/** What `send` answers: the new message's id, or why it was refused. */
export type SendResult =
  { ok: true; id: string } | { ok: false; refusal: SendRefusal }

/** Everything a view renders of its conversation, as one immutable value. */
export interface ConversationSnapshot {
  status: Status
  /** The reconnect attempt under way (1-based) while reconnecting. */
  attempt: number
  /** Why the connection last dropped or failed; null when none. */
  cause: DropCause | null
  response: ResponseLine
  /** Why the last Send was refused; null once one went through. */
  notice: SendRefusal | null
  /** What the view lists (see `shownMessages`). */
  messages: readonly OutgoingMessage[]
  /** Failed messages left out of `messages`. */
  hiddenFailed: number
  /** Since the view opened: messages accepted, replied (each once), failed now. */
  totals: { sent: number; replied: number; failed: number }
  presence: Presence | null
  /** True when Send would queue or send (not after Disconnect or a failure). */
  canSend: boolean
  /** This view's streamed reply while it runs (Stop is enabled). */
  streaming: StreamingReply | null
  /** This view's upload while it runs (Cancel is enabled). */
  uploading: UploadProgress | null
}
