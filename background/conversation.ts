import {
  messageTypeOf,
  parseClientMessage,
  refusalOf,
  replyText,
  requestIdOf,
  type ClientMessage,
  type LogEntry,
  type Refusal,
  type ServerMessage,
  type ViewKind
} from "~lib/protocol"

import type { ServerPort, ViewIdentity, ViewRegistry } from "./registry"
import { textHash, type ConversationStore } from "./store"

export interface ConversationDeps<P extends ServerPort> {
  registry: ViewRegistry<P>
  store: ConversationStore
  maxTextLength: number
  now?: () => number
  /** Writes the background log: a line, or several joined by newlines. */
  log?: (text: string) => void
}

const VIEW_LABELS: Record<ViewKind, string> = {
  popup: "Popup",
  sidepanel: "Side panel"
}

/** "Popup", "Side panel", or "View" before a port has said hello. */
export function viewLabel(kind: ViewKind | undefined): string {
  return kind ? VIEW_LABELS[kind] : "View"
}

/** The reply to a recorded message: the entry as stored, less its sender (who is asking). */
function replyTo(entry: LogEntry): ServerMessage {
  const { id, seq, at, text, reply } = entry
  return { type: "reply", id, seq, at, text, reply }
}

/**
 * The background's side of the conversation, as plain functions of a port
 * and a message, so it can be tested without a browser. Messages are handled
 * strictly in arrival order: until the stored log has been read after a
 * worker start they wait in a queue, then run synchronously one by one.
 */
export function createConversation<P extends ServerPort>(
  deps: ConversationDeps<P>
) {
  const { registry, store, maxTextLength } = deps
  const now = deps.now ?? Date.now
  const write = deps.log ?? ((text: string) => console.log(text))
  let lines: string[] = []

  // Log lines go out with the answers they describe. While writes are
  // queued (a burst), they gather and go out as one console entry of several
  // lines: one console.log per message costs a burst a fifth of its
  // throughput (bench: "+ console.log" ablation row). Otherwise at once.
  function log(line: string): void {
    lines.push(line)
    if (lines.length > 1) return
    store.afterHandOff(() => {
      const text = lines.join("\n")
      lines = []
      write(text)
    })
  }
  /** Messages waiting for the store, in arrival order (answers keep it). */
  const waiting: Array<{ task: () => void; needsLog: boolean }> = []
  let pumping = false

  const canRun = (needsLog: boolean) =>
    store.ready && (!needsLog || store.logReady)

  /**
   * Runs `task` once the store has read what it needs: the answered ids for
   * every message, and the log too for those that change it (`needsLog`).
   * A message that waits holds back the ones after it, so answers keep the
   * order the messages came in.
   */
  function whenReady(task: () => void, needsLog = false): void {
    if (waiting.length === 0 && canRun(needsLog)) return task()
    waiting.push({ task, needsLog })
    pump()
  }

  function pump(): void {
    if (pumping) return
    while (waiting.length > 0) {
      const { needsLog } = waiting[0]
      if (!canRun(needsLog)) {
        pumping = true
        void (needsLog ? store.loadLog() : store.load()).then(() => {
          pumping = false
          pump()
        })
        return
      }
      waiting.shift()!.task()
    }
  }

  // Everything we post waits until the changes recorded before it have been
  // handed to storage (at once, unless a write is in flight), so a reply never
  // overtakes its record, and answers keep their order.
  function post(port: P, message: ServerMessage): void {
    store.afterHandOff(() => {
      try {
        port.postMessage(message)
      } catch {
        // The view went away while we were answering: its disconnect handler
        // removes it from the registry; there is nobody left to tell.
      }
    })
  }

  function broadcast(message: ServerMessage, except?: P): void {
    store.afterHandOff(() => registry.broadcast(message, except, wentAway))
  }

  /** A view is gone (its port closed, or threw when we posted to it). */
  function wentAway(identity: ViewIdentity | null): void {
    log(`${viewLabel(identity?.kind)} disconnected`)
    if (identity) {
      broadcast({ type: "presence", presence: registry.presence() })
    }
  }

  function reject(port: P, refusal: Refusal): void {
    post(port, { type: "error", ...refusal })
  }

  function apply(port: P, message: ClientMessage): void {
    switch (message.type) {
      case "hello": {
        const known = registry.identityOf(port)
        registry.identify(port, {
          clientId: message.clientId,
          kind: message.kind
        })
        if (!known) log(`${viewLabel(message.kind)} connected`)
        const presence = registry.presence()
        post(port, { type: "welcome", clientId: message.clientId, presence })
        broadcast({ type: "presence", presence }, port)
        return
      }
      case "send": {
        const from = registry.identityOf(port)
        if (!from) {
          return reject(port, { code: "bad-message", id: message.id })
        }
        const done = store.find(message.id)
        if (done) {
          if (done.hash !== textHash(message.text)) {
            return reject(port, { code: "id-reused", id: message.id })
          }
          // A re-send after a drop: answer from the record, do not process
          // (log, store, relay) it twice.
          const { id, seq, at } = done
          const { text } = message
          post(port, {
            type: "reply",
            id,
            seq,
            at,
            text,
            reply: replyText(text)
          })
          return
        }
        log(
          `Message from ${viewLabel(from.kind).toLowerCase()}: ${JSON.stringify(message.text)}`
        )
        const entry = store.record({
          id: message.id,
          at: now(),
          from,
          text: message.text,
          reply: replyText(message.text)
        })
        post(port, replyTo(entry))
        broadcast({ type: "relay", entry }, port)
        return
      }
      case "ping":
        return post(port, { type: "pong" })
      case "delivered": {
        // Only the sender's own reports of messages still in the log count;
        // anything else (a cleared entry, another view's id) is ignored.
        const from = registry.identityOf(port)
        for (const { id, rttMs } of from ? message.reports : []) {
          const entry = store.noteDelivery(id, from!.clientId, rttMs)
          if (entry) broadcast({ type: "relay", entry }, port)
        }
        return post(port, { type: "noted", count: message.reports.length })
      }
      case "clear-log":
        store.clear()
        log("Log cleared")
        post(port, { type: "log-cleared" })
        broadcast({ type: "log-cleared" }, port)
        return
    }
  }

  /** Whether a message body (checked or not) is one that needs the stored log. */
  function changesLog(body: unknown): boolean {
    const type = messageTypeOf(body)
    return type === "delivered" || type === "clear-log"
  }

  return {
    /** Handles one message body from a registered port; never throws. */
    handle(port: P, body: unknown): void {
      whenReady(() => {
        try {
          const parsed = parseClientMessage(body, maxTextLength)
          if (!parsed.ok) {
            return reject(port, refusalOf(parsed))
          }
          apply(port, parsed.value)
        } catch (error) {
          console.error("Failed to handle a message", error)
          reject(port, { code: "internal", id: requestIdOf(body) })
        }
      }, changesLog(body))
    },

    /** Answers something that never reached the handler (a bad envelope), in order. */
    reject(port: P, refusal: Refusal): void {
      whenReady(() => reject(port, refusal))
    },

    /** Forgets a port that disconnected and tells the others. */
    disconnected(port: P): void {
      const identity = registry.remove(port)
      if (identity !== undefined) wentAway(identity)
    }
  }
}

export type Conversation<P extends ServerPort> = ReturnType<
  typeof createConversation<P>
>
