import {
  createSessionServer,
  type Peer,
  type ServerPort
} from "mv3-port/core/server"

import {
  parseClientMessage,
  parseEnvelope,
  requestIdOf,
  type ClientMessage,
  type ParseResult,
  type Refusal,
  type ServerMessage
} from "~protocol"
import type { SessionArea } from "~storage/layout"

import { createConversation } from "./conversation"
import { createInspectorMirror } from "./inspector/mirror"
import { createLineBatch } from "./log-lines"
import type { ConversationStore, StoreStage } from "./store"
import { createStreamedReplies } from "./streamed-replies"
import { createUploads } from "./uploads"
import { isJoined, type ViewIdentity } from "./views"
import { errorMessage, replyMessage, thrownMessage } from "./wire-answers"

/** What the conversation server is built on. */
export interface ConversationServerDeps {
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

/** What a message waits for the store to have read: the log, for those that change or read it. */
const stageFor = (message: ClientMessage): StoreStage =>
  message.type === "delivered" || message.type === "clear-log"
    ? "log"
    : "answered"

/**
 * The session server the conversation (conversation.ts) is served by, on
 * the wire the views speak today: it checks what arrives, hands each
 * message to what handles its type, and is the one place that posts a
 * handler's answer, or the error its refusal names. It hands messages over
 * one at a time in arrival order; one that arrives before the store has read
 * what it needs returns a promise, which holds the later ones until it ran.
 */
export function createConversationServer<P extends ServerPort<ServerMessage>>(
  deps: ConversationServerDeps
) {
  const { store, maxTextLength } = deps
  const now = deps.now ?? Date.now
  const log = createLineBatch(
    deps.log ?? ((text: string) => console.log(text)),
    (flush) => store.afterHandOff(flush)
  )
  type View = Peer<P, ViewIdentity>

  /** Runs `task` at once when the store has read `stage`, else once it has. */
  const whenStoreReady = (stage: StoreStage, task: () => void) =>
    store.whenReady(stage)?.then(task) ?? task()

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

  const conversation = createConversation<P>({
    store,
    log,
    now,
    broadcast,
    peers: () => server.peers(),
    joinTab: deps.joinTab
  })
  const { record, send, uploadAgain, delivered, clearLog } = conversation

  const streams = createStreamedReplies<View>({
    chunkMs: deps.streamChunkMs ?? (() => 40),
    post,
    broadcast,
    answer(view, { id, text }, kept) {
      if (!isJoined(view)) return
      post(view, replyMessage(send({ id, text, kept }, view)))
    }
  })

  const uploads = createUploads<View>({
    area: deps.area,
    maxFileBytes: deps.maxFileBytes,
    post,
    refuse: reject,
    answer(view, { id, name, size }, reply) {
      if (!isJoined(view)) return
      const recorded = record(view, { id, text: name, reply, bytes: size })
      post(view, replyMessage(recorded))
    }
  })

  /** A view's hello: welcomed with who is here, once the others heard of it. */
  function hello(view: View, identity: ViewIdentity): void {
    const first = !view.meta
    server.identify(view, identity)
    // One that left while its hello waited its turn is no one to welcome.
    if (!isJoined(view)) return
    post(view, { type: "welcome", presence: conversation.joined(view, first) })
    if (first) inspector.identified(view)
  }

  function apply(view: View, message: ClientMessage): void | Promise<void> {
    switch (message.type) {
      case "hello":
        return hello(view, { clientId: message.clientId, kind: message.kind })
      case "send":
      case "upload": {
        const { id } = message
        if (!isJoined(view)) return reject(view, { code: "bad-message", id })
        const done = store.find(id)
        if (message.type === "upload") {
          if (!done) return uploads.open(view, view.meta.clientId, message)
          return post(view, replyMessage(uploadAgain(done, message)))
        }
        const { text, stream } = message
        // A streamed reply already recorded is answered from the record.
        if (!stream || done) {
          const kept = stream?.stopped ? stream.next : undefined
          return post(view, replyMessage(send({ id, text, kept }, view)))
        }
        if (!streams.start(view, view.meta, { ...message, stream })) {
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
        return post(view, { type: "noted", ...delivered(message, view) })
      case "join-tab": {
        const { id } = message
        // Answered once injected: the injection must not hold other messages.
        return void conversation.joinTab(message, view).then(
          ({ tabId }) => post(view, { type: "tab-joined", id, tabId }),
          (error: unknown) => post(view, thrownMessage(id, error))
        )
      }
      case "clear-log":
        clearLog({}, view)
        return post(view, { type: "log-cleared" })
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
      whenStoreReady(stageFor(message), () => apply(view, message)),
    reject: (view, { ok: _ok, ...refusal }) =>
      whenStoreReady("answered", () => reject(view, refusal)),
    // A handler's refusal (or failure) is the answer to its message.
    failed: (view, error, body) =>
      post(view, thrownMessage(requestIdOf(body), error)),
    onLeave(view, cause) {
      streams.leave(view)
      uploads.leave(view)
      inspector.left(view, cause)
      conversation.left(view)
    }
  })

  const inspector = createInspectorMirror<P>({
    post,
    observe: server.observe,
    peers: server.peers,
    workerStartedAt: deps.workerStartedAt ?? now(),
    now
  })
  return { ...server, inspector }
}

/** The session server `createConversationServer` returns. */
export type ConversationServer<P extends ServerPort<ServerMessage>> =
  ReturnType<typeof createConversationServer<P>>
