import type { Status } from "mv3-port"
import type { StreamClient } from "mv3-port/streams"

import type { Presence } from "~protocol"
import type { Conversation } from "~protocol/conversation"

/**
 * What a view renders of its conversation, all of it data and all of it
 * the app's own: the package's `RequestProgress` and `PortError` are mapped
 * to these in one place (own-messages.ts), so the screen does not change
 * with the package under it.
 */

/** A view's end of the conversation's port. */
export type ViewClient = StreamClient<Conversation>

/** This view's streamed reply while it runs: the reply so far. */
export interface StreamingReply {
  id: string
  text: string
}

/** This view's upload while it runs: what the progress bar shows. */
export interface UploadProgress {
  id: string
  name: string
  size: number
  /**
   * Bytes that reached the worker, from its last grant. A worker stop
   * loses those not recorded yet (at most a window), so this can step back.
   */
  arrived: number
  /** Mean rate since the upload started, in bytes per second; null before the first grant. */
  bytesPerSecond: number | null
}

/**
 * The worker's refusal of a request: its code (the package's, or one the
 * app's handlers throw) and, for a limit exceeded, that limit.
 */
export interface ServerError {
  code: string
  limit?: number
}

/** Why one of this view's messages failed: data, worded by text/wording.ts. */
export type MessageFailure =
  /** More than `limit` messages were waiting. */
  | { code: "queue-full"; limit: number }
  /** Posted `attempts` times (each on a port that dropped) without a reply. */
  | { code: "no-reply-after-attempts"; attempts: number }
  /** No reply on a live port within `ms`. */
  | { code: "reply-timeout"; ms: number }
  /** The user disconnected, the extension was reloaded, or reconnecting gave up. */
  | { code: "disconnected" | "context-lost" | "gave-up" }
  /** The worker refused it. */
  | { code: "rejected"; error: ServerError }

/** How one of this view's messages fares: where it is, with what that state carries. */
export type Delivery =
  | { state: "queued" | "sending"; attempts: number }
  /** `rttMs`: the round trip of the post that got the reply. */
  | { state: "replied"; attempts: number; rttMs?: number }
  | { state: "failed"; attempts: number; failure: MessageFailure }

/** One of this view's messages, as the view lists it. */
export type OwnMessage = Delivery & {
  id: string
  /** The user's text, or the file's name. */
  text: string
  /** A file's size in bytes (absent for a text message). */
  bytes?: number
}

/** What `#response` shows. */
export type LastResponse =
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
  /** The client's status (the badge shares it; components read it with usePort). */
  status: Status
  response: LastResponse
  /** Why the last Send was refused; null once one went through. */
  notice: SendRefusal | null
  /** What the view lists (see own-messages.ts). */
  messages: readonly OwnMessage[]
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
