import { config } from "~config"
import type { Presence } from "~protocol"
import type { Reply, ViewIdentity } from "~protocol/conversation"

import type {
  ConversationSnapshot,
  LastResponse,
  SendRefusal,
  SendResult,
  ViewClient
} from "./conversation-types"
import { createFileUpload } from "./file-upload"
import { createLogFeed } from "./log-feed"
import { createOwnMessages, failureOf } from "./own-messages"
import { createReplyStream } from "./reply-stream"
import { createRoundTripReports } from "./round-trip-reports"
import { fileRefusal, textRefusal } from "./send-refusals"
import { createSnapshotStore } from "./snapshot-store"

/** Longest text and largest file this view sends. */
interface Limits {
  maxMessageLength: number
  maxFileBytes: number
}

/**
 * One view's side of the conversation, framework-free: Send (its reply
 * whole or streamed), Send file, Stop, Cancel, Retry, Clear and Join, over
 * the view's client, with what the view renders as one snapshot.
 */
export function createConversation(
  client: ViewClient,
  self: ViewIdentity,
  limits: Limits = config
) {
  const own = createOwnMessages()
  const { subscribe, getSnapshot, changed, clear } = createSnapshotStore(build)
  let response: LastResponse = { kind: "none" }
  let notice: SendRefusal | null = null
  let presence: Presence | null = null
  const log = createLogFeed(client)

  const replies = createReplyStream(client, () => {
    const streaming = replies.get()
    if (streaming) {
      response = { kind: "reply", text: streaming.text }
      // Its reply is coming: the message reached the worker.
      if (own.get(streaming.id)?.state === "queued") {
        own.progress(streaming.id, { state: "sending", attempts: 1 })
      }
    }
    changed()
  })
  const upload = createFileUpload(client, changed)
  // A tab sends only its messages: its round trips are not shared.
  const reports = self.kind === "tab" ? null : createRoundTripReports(client)
  const stopWatching = [
    client.subscribe(changed),
    client.on("presence", (data) => {
      presence = data
      changed()
    })
  ]

  function answered(id: string, reply: Reply, rttMs?: number): void {
    own.replied(id, rttMs)
    response = { kind: "reply", text: reply.reply }
    if (reply.stopped) response.stopped = true
    log.tell({ kind: "entry", entry: { ...reply, from: self } })
    if (rttMs !== undefined) reports?.add(id, rttMs)
    changed()
  }

  /** Shows a refusal by the worker in `#response`; the client's own failures show in the row only. */
  function showRefusal(error: unknown): void {
    const failure = failureOf(error, 0)
    if (failure.code === "rejected") {
      response = { kind: "error", error: failure.error }
    }
    changed()
  }

  function failed(id: string, error: unknown): void {
    own.failed(id, error)
    showRefusal(error)
  }

  /** Requests `send` for message `id`, following its progress in its row. */
  function deliver(id: string, text: string, kept?: number): void {
    let rttMs: number | undefined
    const input = kept === undefined ? { id, text } : { id, text, kept }
    client
      .request("send", input, {
        onProgress: (progress) => {
          rttMs = progress.rttMs ?? rttMs
          own.progress(id, progress)
          changed()
        }
      })
      .then(
        (reply) => answered(id, reply, rttMs),
        (error) => failed(id, error)
      )
  }

  /** Reads the streamed reply to message `id`, then records it (what was kept, when stopped). */
  async function streamed(id: string, text: string): Promise<void> {
    try {
      const end = await replies.run(id, text)
      deliver(id, text, end.stopped ? end.kept : undefined)
    } catch (error) {
      failed(id, error)
    }
  }

  /** Shows `refusal` (or clears the last one); true when the action is refused. */
  function refused(refusal: SendRefusal | null): refusal is SendRefusal {
    notice = refusal
    if (refusal) changed()
    return refusal !== null
  }

  const canSend = () => {
    const { status } = client
    return status !== "disconnected" && status !== "failed"
  }
  const gate = () => ({ accepting: canSend(), ...limits })

  function build(): ConversationSnapshot {
    const { status } = client.state
    const { messages, hiddenFailed } = own.listed()
    return {
      status,
      response,
      notice,
      messages,
      hiddenFailed,
      totals: own.totals(),
      presence: status === "connected" ? presence : null,
      canSend: canSend(),
      streaming: replies.get(),
      uploading: upload.get()
    }
  }

  return {
    /** This view's id in the conversation (stable across reconnects). */
    clientId: self.clientId,
    /** The view's client: `usePort` reads its status, attempt and cause. */
    port: client,
    subscribe,
    getSnapshot,
    /** The user's Connect: allowed when disconnected or failed. */
    connect(): void {
      notice = null
      client.connect()
    },
    /** The user's Disconnect: works in every state and is final. */
    disconnect: () => client.disconnect(),
    /** Sends (or queues while reconnecting) the trimmed text; with `stream`, reads its reply as a stream. */
    send(raw: string, { stream = false } = {}): SendResult {
      const text = raw.trim()
      // Only a streamed reply waits for the last one to end.
      const streamRunning = stream && replies.get() !== null
      const refusal = textRefusal(text, { ...gate(), streamRunning })
      if (refused(refusal)) return { ok: false, refusal }
      const id = crypto.randomUUID()
      own.add(id, text)
      if (stream) void streamed(id, text)
      else deliver(id, text)
      changed()
      return { ok: true, id }
    },
    /** Sends a file, in chunks, for the worker to hash. */
    sendFile(file: File): SendResult {
      const uploadRunning = upload.get() !== null
      const refusal = fileRefusal(file, { ...gate(), uploadRunning })
      if (refused(refusal)) return { ok: false, refusal }
      const id = crypto.randomUUID()
      own.add(id, file.name, file.size)
      own.progress(id, { state: "sending", attempts: 1 })
      upload.run(id, file).then(
        (reply) => answered(id, reply),
        (error) => failed(id, error)
      )
      changed()
      return { ok: true, id }
    },
    /** The user's Stop: ends this view's streamed reply with what arrived. */
    stop(): void {
      replies.stop()
      changed()
    },
    /** The user's Cancel: stops this view's upload. */
    cancelUpload(): void {
      upload.cancel()
      changed()
    },
    /**
     * Sends failed message `id` again under its id (the worker answers it
     * from its log if it has it). A file is sent again by choosing it.
     */
    retry(id: string): void {
      const message = own.get(id)
      if (message?.state !== "failed" || message.bytes !== undefined) return
      if (!canSend()) return
      own.retrying(id)
      deliver(id, message.text)
    },
    /** Empties the shared log for every view. */
    clear(): void {
      client.request("clearLog", {}).then(
        () => log.tell({ kind: "cleared" }),
        (error) => showRefusal(error)
      )
    },
    /** Asks the worker to inject the widget into tab `tabId`. */
    joinTab: (tabId: number) => client.request("joinTab", { tabId }),
    /** Calls `listener` with each change of the shared log; returns the unsubscribe. */
    onLog: log.on,
    /** Where a log row reads how this view's message `id` fares, and hears it change. */
    deliveries: { subscribe, get: own.get },
    /** Where the timeline reads this view's listed messages, and hears them change. */
    ownMessages: { subscribe, get: () => getSnapshot().messages },
    /** Closes the port and lets go of every listener (the view is going away). */
    dispose(): void {
      for (const stop of stopWatching) stop()
      reports?.dispose()
      log.dispose()
      clear()
      client.disconnect()
    }
  }
}

/** A view's side of the conversation. */
export type ConversationClient = ReturnType<typeof createConversation>
