import { PortError } from "mv3-port"
// The entry `mv3-port/server/streams` is this file (tsconfig maps the
// subpath onto src/, where `server/streams.ts` is an internal module).
import { createStreamServer } from "mv3-port/server/streams"
import {
  createFakeWorker,
  createPortPair,
  type FakePortEnd
} from "mv3-port/testing"

import type { LogEntry, Presence, ViewKind } from "~protocol"
import {
  conversation,
  type Conversation,
  type Reply
} from "~protocol/conversation"

/** The reply to `text`, as the worker words it. */
export const replyOf = (text: string) => `Background received: "${text}"`

/** The streamed reply's chunks: a word (and its space) at a time. */
export const chunksOf = (text: string) => replyOf(text).split(/(?<= )/)

/** The answer to a file of `bytes` named `name`. */
export const fileReplyOf = (name: string, bytes: number) =>
  `${replyOf(name)} (${bytes} bytes)`

/** What a test may change of the fake worker. */
export interface ConversationWorkerOptions {
  maxTextLength?: number
  maxFileBytes?: number
  /** Pause before each streamed chunk (ms, fake timers); 0: none. */
  chunkMs?: number
  /** Answers `joinTab`; throwing refuses it with that error. */
  joinTab?: (tabId: number) => void
  /** Holds every `send` answer until the test calls the returned release. */
  holdReplies?: boolean
  /**
   * Hears each upload chunk the worker read (1-based count for that
   * upload); the worker reads on once what it returns settles.
   */
  onChunk?: (read: number) => unknown
}

type Peer = { meta: { clientId: string; kind: ViewKind }; port: unknown }
/** The server as the handlers use it (typed apart: they are part of its options). */
interface Emitter {
  emit(name: string, data: unknown, to?: Peer): void
  peers(): Peer[]
}

/**
 * A worker for the views' unit tests: the package's stream server on the
 * conversation's protocol, with the app's rules in a few lines (a log kept
 * across stops, as `chrome.storage.session` keeps it; a re-sent message
 * answered from it; events to the other views), behind the package's fake
 * worker and ports.
 */
export function createConversationWorker(
  options: ConversationWorkerOptions = {}
) {
  const { maxTextLength = 20, maxFileBytes = 10_000, chunkMs = 0 } = options
  const log: LogEntry[] = []
  let seq = 0
  const held: Array<() => void> = []
  /** Where each upload stands, kept across stops (as a hash state in storage). */
  const uploads = new Map<string, { read: number; bytes: number }>()
  let chunksRead = 0
  /** The running worker's server, for the test's own events. */
  let current: Emitter | null = null
  /** Each request as the worker read it: name and input. */
  const requests: Array<{ name: string; input: unknown }> = []

  const worker = createFakeWorker(() => {
    let server: Emitter
    const peers = () => server.peers()
    const others = (peer: Peer) =>
      peers().filter((p) => p !== peer && p.meta.kind !== "tab")
    const presence = (): Presence => {
      const kinds: Presence["kinds"] = {}
      for (const { meta } of peers()) {
        kinds[meta.kind] = (kinds[meta.kind] ?? 0) + 1
      }
      return { count: peers().length, kinds }
    }
    const startedAt = Date.now()
    const sharePresence = () => server.emit("presence", presence())

    function record(peer: Peer, fields: Omit<Reply, "seq" | "at">): Reply {
      const found = log.find(
        (e) => e.id === fields.id && e.from.clientId === peer.meta.clientId
      )
      if (found) {
        if (found.text !== fields.text) throw new PortError("id-reused")
        const { from: _, ...reply } = found
        return reply
      }
      const entry = { ...fields, seq: ++seq, at: Date.now(), from: peer.meta }
      log.push(entry)
      for (const p of others(peer)) server.emit("entry", entry, p)
      const { from: _, ...reply } = entry
      return reply
    }

    const created = createStreamServer<Conversation>(conversation, {
      admit: () => true,
      onJoin: (peer) => {
        sharePresence()
        // What the app's mirror says first to an inspector.
        if ((peer as unknown as Peer).meta.kind !== "devtools") return
        server.emit("inspecting", { workerStartedAt: startedAt }, peer as never)
      },
      onLeave: (peer) => {
        sharePresence()
        const { clientId } = (peer as unknown as Peer).meta
        for (const p of peers()) server.emit("progressEnded", { clientId }, p)
      },
      handlers: {
        async send({ id, text, kept }, peer) {
          requests.push({ name: "send", input: { id, text, kept } })
          const trimmed = text.trim()
          if (!trimmed) throw new PortError("empty-text")
          if (trimmed.length > maxTextLength) {
            throw new PortError("text-too-long", { limit: maxTextLength })
          }
          if (options.holdReplies)
            await new Promise<void>((go) => held.push(go))
          const reply =
            kept === undefined
              ? replyOf(trimmed)
              : chunksOf(trimmed).slice(0, kept).join("")
          return record(peer as unknown as Peer, {
            id,
            text: trimmed,
            reply,
            ...(kept !== undefined && { stopped: true as const })
          })
        },
        delivered({ reports }, peer) {
          requests.push({ name: "delivered", input: { reports } })
          for (const { id, rttMs } of reports) {
            const entry = log.find((e) => e.id === id)
            if (!entry) continue
            entry.rttMs = rttMs
            for (const p of others(peer as unknown as Peer)) {
              server.emit("entry", entry, p)
            }
          }
          return { count: reports.length }
        },
        clearLog(_, peer) {
          requests.push({ name: "clearLog", input: {} })
          if ((peer as unknown as Peer).meta.kind === "tab") {
            throw new PortError("not-allowed")
          }
          log.length = 0
          for (const p of others(peer as unknown as Peer)) {
            server.emit("logCleared", {}, p)
          }
          return {}
        },
        joinTab({ tabId }) {
          requests.push({ name: "joinTab", input: { tabId } })
          options.joinTab?.(tabId)
          return { tabId }
        }
      },
      streams: {
        async *reply({ id, text }, peer, _signal, from) {
          const chunks = chunksOf(text.trim())
          let reply = ""
          for (const [i, chunk] of chunks.entries()) {
            if (i >= from && chunkMs > 0) {
              await new Promise((wake) => setTimeout(wake, chunkMs))
            }
            reply += chunk
            const { meta } = peer as unknown as Peer
            for (const p of others(peer as unknown as Peer)) {
              server.emit(
                "progress",
                { id, from: meta, text, reply },
                p as never
              )
            }
            yield chunk
          }
        }
      },
      uploads: {
        async file({ id, name, size }, chunks, peer) {
          if (size === 0) throw new PortError("file-empty")
          if (size > maxFileBytes) {
            throw new PortError("file-too-large", { limit: maxFileBytes })
          }
          let { read, bytes } = uploads.get(id) ?? { read: 0, bytes: 0 }
          for await (const chunk of chunks.from(read)) {
            bytes += chunk.byteLength
            uploads.set(id, { read: ++read, bytes })
            chunksRead++
            await options.onChunk?.(read)
          }
          uploads.delete(id)
          return record(peer as unknown as Peer, {
            id,
            text: name,
            reply: fileReplyOf(name, bytes),
            bytes
          })
        }
      }
    })
    current = server = created as unknown as Emitter
    return { accept: (port: FakePortEnd) => created.accept(port as never) }
  }, "popup-connection")

  /** The view ends of every port a view opened. */
  const clients: FakePortEnd[] = []
  const control = {
    worker,
    log,
    requests,
    clients,
    /** False: a view's port drops at once, as when the worker cannot start. */
    reachable: true,
    /** A view's `chrome.runtime.connect`. */
    connect(): FakePortEnd {
      if (control.reachable) {
        const end = worker.connect()
        clients.push(end)
        return end
      }
      const { client, server } = createPortPair()
      clients.push(client)
      server.disconnect()
      return client
    },
    /** The inputs of request `name` the views posted, re-sends included. */
    posted(name: string): unknown[] {
      return clients.flatMap((end) =>
        (end.sent as Array<{ k: string; name?: string; input?: unknown }>)
          .filter((m) => m.k === "req" && m.name === name)
          .map((m) => m.input)
      )
    },
    /** Sends the held answers. */
    release: () => held.splice(0).forEach((go) => go()),
    /** Sends `traffic` (rows the test made up) to every DevTools view, as the app's mirror would. */
    mirror(traffic: unknown): void {
      for (const peer of current?.peers() ?? []) {
        if (peer.meta.kind === "devtools")
          current!.emit("traffic", traffic, peer)
      }
    },
    /** Upload chunks the worker read, over all its runs. */
    get chunksRead() {
      return chunksRead
    }
  }
  return control
}

/** The fake worker `createConversationWorker` returns. */
export type ConversationWorker = ReturnType<typeof createConversationWorker>
