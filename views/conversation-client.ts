import type { SessionClientOptions } from "mv3-port/core"
import { createSessionClient } from "mv3-port/core"

import type {
  ClientMessage,
  Presence,
  ServerMessage,
  ViewKind
} from "~protocol"

import {
  conversationProtocol,
  envelope,
  type SendBody,
  type Wire
} from "./conversation-protocol"
import type {
  ConversationSnapshot,
  LastResponse,
  SendRefusal,
  SendResult
} from "./conversation-types"
import { createOwnMessages, SETTLED_SHOWN } from "./own-messages"
import { createRoundTripReports } from "./round-trip-reports"
import { fileRefusal, textRefusal } from "./send-refusals"
import { createSnapshotStore } from "./snapshot-store"
import { createViewStreams, isStreamMessage } from "./view-streams"

/** The session client's options, less what the conversation fills in, plus the view's identity. */
export interface ConversationClientOptions extends Omit<
  SessionClientOptions<Wire, ServerMessage, SendBody>,
  "protocol" | "onItem" | "keepReplied"
> {
  kind: ViewKind
  clientId: string
  maxMessageLength: number
  /** Largest file `sendFile` sends, in bytes. */
  maxFileBytes: number
}

/** One view's side of the conversation: the session client wired to the app protocol. */
export function createConversationClient(options: ConversationClientOptions) {
  const { clientId, maxMessageLength } = options
  const own = createOwnMessages()
  // Its first read comes after the session below exists.
  const { subscribe, getSnapshot, changed, clear } =
    createSnapshotStore(buildSnapshot)
  let response: LastResponse = { kind: "none" }
  let notice: SendRefusal | null = null
  let presence: Presence | null = null

  const streams = createViewStreams({
    post: (message) => session.post(envelope(message)),
    onReplyText: ({ text }) => {
      response = { kind: "reply", text }
      changed()
    }
  })
  // Set while `send` asks for a streamed reply or `sendFile` sends a file:
  // the new message's id starts its stream before the request is posted,
  // so the request says where the stream stands.
  let startsStream: ((id: string) => void) | null = null

  const session = createSessionClient<Wire, ServerMessage, SendBody>({
    ...options,
    newId: () => {
      const id = options.newId()
      startsStream?.(id)
      return id
    },
    protocol: conversationProtocol(options, streams.of),
    keepReplied: SETTLED_SHOWN,
    onItem: (item, message) => {
      own.changed(item)
      if (item.state === "replied" || item.state === "failed") {
        streams.settle(item.id)
      }
      if (item.state !== "replied" || message?.type !== "reply") return
      const { reply, stopped } = message
      response = { kind: "reply", text: reply, ...(stopped ? { stopped } : {}) }
      if (item.rttMs !== undefined) reports.add(item.id, item.rttMs)
    }
  })
  const isOpen = () => session.getState().status === "connected"
  const reports = createRoundTripReports({
    post: (message) => session.post(envelope(message)),
    isOpen
  })

  let wasOpen = false
  session.subscribe(() => {
    const open = isOpen()
    if (open && !wasOpen) reports.opened()
    if (!open && wasOpen) {
      reports.closed()
      streams.upload.dropped()
    }
    wasOpen = open
    changed()
  })

  // Runs before the session acts on each message (see `listen`).
  session.listen((message) => {
    switch (message.type) {
      case "welcome": {
        // Only the welcome to our hello counts, as it does for the session.
        const { status } = session.getState()
        if (status === "connecting" || status === "reconnecting") {
          presence = message.presence
        }
        return
      }
      case "error":
        response = { kind: "error", error: message }
        return
      case "presence":
        presence = message.presence
        return changed()
      case "noted":
        return reports.noted(message.count)
      default:
        if (isStreamMessage(message) && streams.receive(message)) changed()
    }
  })

  const gate = () => ({
    accepting: session.getState().accepting,
    maxMessageLength,
    maxFileBytes: options.maxFileBytes
  })

  /** Posts `body` as a new request (starting its stream first), unless refused. */
  function request(
    refusal: SendRefusal | null,
    body: SendBody,
    start: ((id: string) => void) | null
  ): SendResult {
    notice = refusal
    if (refusal) {
      changed()
      return { ok: false, refusal }
    }
    startsStream = start
    try {
      return { ok: true, id: session.request(body)! }
    } finally {
      startsStream = null
    }
  }

  function buildSnapshot(): ConversationSnapshot {
    const state = session.getState()
    const shown = own.shown(state.items)
    return {
      status: state.status,
      attempt: state.attempt,
      cause: state.cause,
      response,
      notice,
      messages: shown.messages,
      hiddenFailed: shown.hiddenFailed,
      totals: {
        sent: state.requested,
        replied: state.replied,
        failed: state.failed
      },
      presence: state.status === "connected" ? presence : null,
      canSend: state.accepting,
      streaming: streams.reply.get(),
      uploading: streams.upload.get()
    }
  }

  return {
    /** This view's id in the conversation (stable across reconnects). */
    clientId,
    subscribe,
    getSnapshot,
    /** The user's Connect: allowed when disconnected or failed. */
    connect(): void {
      const { status } = session.getState()
      if (status === "disconnected" || status === "failed") notice = null
      session.connect()
    },
    /** The user's Disconnect: works in every state and is final. */
    disconnect: session.disconnect,
    /** Sends (or queues while reconnecting) the trimmed text; with `stream`, asks for its reply as a stream. */
    send(raw: string, { stream = false } = {}): SendResult {
      const text = raw.trim()
      // Only a streamed reply waits for the last one to end.
      const streamRunning = stream && streams.reply.get() !== null
      const refusal = textRefusal(text, { ...gate(), streamRunning })
      const body: SendBody = stream ? { text, stream: true } : { text }
      return request(refusal, body, stream ? streams.reply.start : null)
    },
    /** Sends (or queues while reconnecting) a file, in chunks, for the background to hash. */
    sendFile(file: File): SendResult {
      const uploadRunning = streams.upload.get() !== null
      const refusal = fileRefusal(file, { ...gate(), uploadRunning })
      const body: SendBody = { text: file.name, file: { size: file.size } }
      return request(refusal, body, (id) => streams.upload.start(id, file))
    },
    /** The user's Stop: ends this view's streamed reply with what arrived. */
    stop(): void {
      streams.reply.stop()
      changed()
    },
    /** The user's Cancel: stops this view's upload. */
    cancelUpload(): void {
      streams.upload.cancel()
      changed()
    },
    /** Sends a failed message again under the same id (the background de-duplicates). */
    retry: session.retry,
    /** Posts a raw client message (log commands) while connected. */
    post: (message: ClientMessage): boolean => session.post(envelope(message)),
    /** Calls `listener` with every checked message from the background. */
    listen: session.listen,
    /** Where a log row reads how this view's message `id` fares, and hears it change. */
    deliveries: { subscribe, get: own.get },
    /** Where the timeline reads this view's listed messages, and hears them change. */
    ownMessages: { subscribe, get: () => getSnapshot().messages },
    /** Closes the port without changing what the user sees (the view is going away). */
    dispose(): void {
      reports.dispose()
      session.dispose()
      clear()
    }
  }
}

/** A view's conversation client. */
export type ConversationClient = ReturnType<typeof createConversationClient>
