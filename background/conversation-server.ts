import type { IHasher } from "hash-wasm"
import { PortError, type ServerSidePort } from "mv3-port/server"
import { createStreamServer } from "mv3-port/server/streams"

import { PORT_NAME, type RefusalReason } from "~protocol"
import { conversation, type Reply } from "~protocol/conversation"

import { createConversation, type Tell } from "./conversation"
import { createInspectorMirror } from "./inspector/mirror"
import { createLineBatch } from "./log-lines"
import { senderOrigin } from "./refused-senders"
import type { ConversationStore, StoreStage } from "./store"
import { createStoreTurns } from "./store-turns"
import { createReplyStream } from "./streamed-replies"
import type { TabPorts } from "./tab-ports"
import type { SenderInfo } from "./trust"
import { createUploads } from "./uploads"
import { presenceOf, type View } from "./views"

/** What the conversation's server is built on. */
export interface ConversationServerDeps {
  store: ConversationStore
  maxTextLength: number
  /** Largest file a view may upload, in bytes. */
  maxFileBytes: number
  /** Who may connect, what each view may send, and the widget's injection (absent: none). */
  tabs: Pick<TabPorts, "admit" | "allow" | "left"> &
    Partial<Pick<TabPorts, "joinTab">>
  /** Hears of a refused port (the background log's line). */
  onRefused(sender: SenderInfo | undefined, reason: RefusalReason): void
  /** Pause between the chunks of a streamed reply (ms), asked before each pause. */
  streamChunkMs?: () => number
  now?: () => number
  /** Writes the background log: a line, or several joined by newlines. */
  log?: (text: string) => void
  /** Hears what a handler or the store threw (the view gets a code only). */
  onError?: (error: unknown) => void
  /** When this worker started (what an inspector tells a restart by). */
  workerStartedAt?: number
  /** A new SHA-256 hasher for uploads (hash-wasm's by default). */
  hasher?: () => Promise<IHasher>
}

/** A view as it is now, kept as it is. */
const held = (view: View): View => ({ port: view.port, meta: view.meta })

/**
 * The conversation (conversation.ts) served on the `popup-connection` port
 * by mv3-port's server, with its reply stream, its file upload, the tab
 * rules as `admit` and `allow`, presence on join and leave, and the
 * inspector's mirror on the server's tap.
 */
export function createConversationServer(deps: ConversationServerDeps) {
  const { store, tabs } = deps
  const now = deps.now ?? Date.now
  const log = createLineBatch(
    deps.log ?? ((text: string) => console.log(text)),
    (flush) => store.writes.afterHandOff(flush)
  )
  const { inTurn, handedOff } = createStoreTurns(store)

  // Events keep their order with the answers: both leave after the
  // changes recorded before them were handed to storage.
  const tell: Tell = (name, data, except) =>
    store.writes.afterHandOff(() => {
      for (const peer of server.peers()) {
        if (peer.port === except?.port || peer.meta.kind === "tab") continue
        server.emit(name, data, peer)
      }
    })

  const handlers = createConversation({
    store,
    maxTextLength: deps.maxTextLength,
    log,
    now,
    tell,
    joinTab: tabs.joinTab
  })

  const file = createUploads({
    area: store.area,
    maxFileBytes: deps.maxFileBytes,
    hasher: deps.hasher,
    recorded: (upload) =>
      inTurn("answered", () => {
        const again = handlers.recordedFile(upload)
        return again && kept(again)
      }),
    record: (view, { id, name, size }, reply) =>
      inTurn("answered", () =>
        kept(handlers.record(view, { id, text: name, reply, bytes: size }))
      )
  })

  /** Ports whose view was welcomed: only they are announced leaving. */
  const welcomed = new WeakSet<ServerSidePort>()

  function presence(): void {
    store.writes.afterHandOff(() =>
      server.emit("presence", presenceOf(server.peers()))
    )
  }

  /**
   * `handler` run in its turn once the store has read `stage`, its answer
   * or refusal given once its changes were handed to storage (`send`: once
   * they were stored, see `kept`). mv3-port posts each view's answers in
   * the order its requests arrived, whichever settles first.
   */
  const inOrder =
    <I, O>(
      stage: StoreStage,
      handler: (input: I, view: View) => O,
      after: (answer: () => O) => O | Promise<O> = handedOff
    ) =>
    async (input: I, view: View): Promise<O> => {
      const asked = held(view)
      return inTurn(stage, () => after(() => handler(input, asked)))
    }

  /**
   * `reply` once its record is stored: a reply the log could not keep must
   * not read as kept. Refused `not-saved` instead (storage's error is logged
   * by the store); the record stays in memory and the view's re-send of the
   * same id writes it again.
   */
  const kept = (reply: Reply): Promise<Reply> =>
    store.stored(reply.id).then(
      () => reply,
      () => {
        throw new PortError("not-saved")
      }
    )

  const reply = createReplyStream({
    chunkMs: deps.streamChunkMs ?? (() => 40),
    maxTextLength: deps.maxTextLength,
    tell
  })

  const server = createStreamServer(conversation, {
    name: PORT_NAME,
    // Each handler gets the view as it was when its message arrived: the
    // server forgets who a view was once it leaves, and a message may wait
    // its turn (or its upload its chunks) past that.
    handlers: {
      send: inOrder("answered", handlers.send, (answer) => kept(answer())),
      delivered: inOrder("log", handlers.delivered),
      clearLog: inOrder("log", handlers.clearLog),
      // Answered once injected: the injection holds no other message.
      joinTab: (input, view) => handlers.joinTab(input, held(view))
    },
    streams: {
      reply: (input, view, signal, from) =>
        reply(input, held(view), signal, from)
    },
    uploads: {
      file: (input, chunks, view) => file(input, chunks, held(view))
    },
    admit: (port) => tabs.admit(port, refused),
    allow: tabs.allow,
    onJoin(view) {
      welcomed.add(view.port)
      handlers.joined(view)
      inspector.joined(view)
      presence()
    },
    onLeave(view) {
      tabs.left(view.port)
      // A view closed at its hello (it said it was what it is not) was
      // never welcomed: nobody heard of it.
      if (!welcomed.delete(view.port)) return
      inspector.left(view)
      handlers.left(view)
      presence()
    },
    onError:
      deps.onError ??
      ((error) => console.error("Failed to handle a message", error))
  })

  const inspector = createInspectorMirror(
    server,
    deps.workerStartedAt ?? now(),
    now
  )

  /** A port refused (by the tab gate, or for its name): logged, and shown to inspectors. */
  function refused(sender: SenderInfo | undefined, reason: RefusalReason) {
    deps.onRefused(sender, reason)
    inspector.refused(reason, senderOrigin(sender))
  }

  return { server, inspector, refused }
}

/** What `createConversationServer` returns. */
export type ConversationServer = ReturnType<typeof createConversationServer>
