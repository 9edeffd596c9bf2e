import {
  createSessionServer,
  type Peer,
  type ServerPort
} from "mv3-port/core/server"

import {
  parseClientMessage,
  parseEnvelope,
  replyText,
  requestIdOf,
  type ClientMessage,
  type ParseResult,
  type Refusal,
  type ServerMessage
} from "~protocol"
import type { SessionArea } from "~storage/layout"

import { answerAgain, answerJoin, errorMessage } from "./answers"
import { createInspectorMirror } from "./inspector/mirror"
import { createLineBatch } from "./log-lines"
import { createRecorder } from "./recorder"
import { createRoster } from "./roster"
import type { ConversationStore } from "./store"
import { createStreamedReplies } from "./streamed-replies"
import { createUploads } from "./uploads"
import type { ViewIdentity } from "./views"

/** What the conversation server is built on. */
export interface ConversationDeps {
  store: ConversationStore
  maxTextLength: number
  now?: () => number
  /** Writes the background log: a line, or several joined by newlines. */
  log?: (text: string) => void
  /** Pause between the chunks of a streamed reply (ms), asked before each pause. */
  streamChunkMs?: () => number
  /** Where running uploads keep their hash state (the store's area). */
  area: SessionArea
  /** Largest file a view may upload, in bytes. */
  maxFileBytes: number
  /** When this worker started (what an inspector tells a restart by). */
  workerStartedAt?: number
  /** Injects the widget into a tab; true once it runs there (absent: never). */
  joinTab?: (tabId: number) => Promise<boolean>
}

/** What the protocol's parsers return when a message is not acceptable. */
type Failure = Extract<ParseResult<unknown>, { ok: false }>

/** Messages that change or read the stored log, so they wait until it is read. */
const needsLog = (message: ClientMessage) =>
  message.type === "delivered" || message.type === "clear-log"

/**
 * The background's side of the conversation: a session server whose handler
 * answers, records and relays, as plain functions of a port and a message
 * so it can be tested without a browser. The server hands messages over one
 * at a time in arrival order; one that arrives before the store has read
 * what it needs returns a promise, which holds the later ones until it ran.
 */
export function createConversationServer<P extends ServerPort<ServerMessage>>(
  deps: ConversationDeps
) {
  const { store, maxTextLength } = deps
  const now = deps.now ?? Date.now
  const log = createLineBatch(
    deps.log ?? ((text: string) => console.log(text)),
    (flush) => store.afterHandOff(flush)
  )
  type View = Peer<P, ViewIdentity>

  /** Runs `task` at once when the store is ready for it, else once it is. */
  function whenStoreReady(
    withLog: boolean,
    task: () => void
  ): void | Promise<void> {
    const waiting = store.whenReady(withLog ? "log" : "answered")
    return waiting ? waiting.then(task) : task()
  }

  // Everything we post waits until the changes recorded before it have been
  // handed to storage (at once, unless a write is in flight), so a reply never
  // overtakes its record, and answers keep their order.
  function post(view: View, message: ServerMessage): void {
    // A port that throws went away while we were answering: its disconnect
    // tells the server; there is nobody left to tell.
    store.afterHandOff(() => void server.post(view, message))
  }

  function broadcast(message: ServerMessage, except?: View): void {
    store.afterHandOff(() => server.broadcast(message, except))
  }

  function reject(view: View, error: Refusal): void {
    post(view, errorMessage(error))
  }

  const { record, noteDeliveries } = createRecorder<P>({
    store,
    post,
    broadcast,
    log,
    now
  })

  const streams = createStreamedReplies<View>({
    chunkMs: deps.streamChunkMs ?? (() => 40),
    post,
    broadcast,
    answer: (view, send, reply, stopped) => {
      if (view.meta) {
        record(view, view.meta, send, reply, stopped ? { stopped } : {})
      }
    }
  })

  const uploads = createUploads<View>({
    area: deps.area,
    maxFileBytes: deps.maxFileBytes,
    post,
    refuse: reject,
    answer: (view, { id, name, size }, reply) => {
      if (view.meta) {
        record(view, view.meta, { id, text: name }, reply, { bytes: size })
      }
    }
  })

  function apply(view: View, message: ClientMessage): void | Promise<void> {
    switch (message.type) {
      case "hello":
        return roster.hello(view, message)
      case "send":
      case "upload": {
        const from = view.meta
        if (!from) return reject(view, { code: "bad-message", id: message.id })
        // A re-send after a drop: answer from the record, do not process
        // (log, store, relay) it twice.
        const done = store.find(message.id)
        if (done) return post(view, answerAgain(done, message))
        if (message.type === "upload") {
          return uploads.open(view, from.clientId, message)
        }
        const { id, text, stream } = message
        if (!stream) return record(view, from, message, replyText(text))
        if (!streams.start(view, from, { ...message, stream })) {
          reject(view, { code: "stream-running", id })
        }
        return
      }
      case "stream-chunk":
      case "stream-resume":
      case "stream-end":
        return void uploads.receive(view, message)
      case "stream-cancel":
      case "stream-error":
        if (uploads.receive(view, message)) return
      // falls through: not an upload, so the view's streamed reply
      case "stream-grant":
      case "stream-done":
        return streams.receive(view, message)
      case "ping":
        return post(view, { type: "pong" })
      case "delivered":
        return noteDeliveries(view, message.reports)
      case "join-tab":
        // Answered once injected: the injection must not hold other messages.
        return void answerJoin(deps.joinTab, view.meta, message).then(
          (answer) => post(view, answer)
        )
      case "clear-log":
        store.clear()
        log("Log cleared")
        post(view, { type: "log-cleared" })
        broadcast({ type: "log-cleared" }, view)
        return
    }
  }

  const server = createSessionServer<
    P,
    ClientMessage,
    ServerMessage,
    ViewIdentity,
    Failure
  >({
    unwrap: parseEnvelope,
    parse: (body) => parseClientMessage(body, maxTextLength),
    handle: (view, message) =>
      whenStoreReady(needsLog(message), () => apply(view, message)),
    reject: (view, failure) =>
      whenStoreReady(false, () => reject(view, failure)),
    failed(view, error, body) {
      console.error("Failed to handle a message", error)
      reject(view, { code: "internal", id: requestIdOf(body) })
    },
    onLeave(view, cause) {
      streams.leave(view)
      uploads.leave(view)
      roster.left(view, cause)
    }
  })

  const inspector = createInspectorMirror<P>({
    post,
    observe: server.observe,
    peers: server.peers,
    workerStartedAt: deps.workerStartedAt ?? now(),
    now
  })
  const roster = createRoster<P>({
    identify: server.identify,
    peers: server.peers,
    post,
    broadcast,
    log,
    inspector
  })
  return { ...server, inspector }
}

/** The session server `createConversationServer` returns. */
export type ConversationServer<P extends ServerPort<ServerMessage>> =
  ReturnType<typeof createConversationServer<P>>
