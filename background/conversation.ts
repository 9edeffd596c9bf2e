import type { Peer } from "mv3-port/core/server"
import { PortError } from "mv3-port/server"

import {
  replyText,
  type DeliveryReport,
  type LogEntry,
  type Presence,
  type ServerMessage
} from "~protocol"
import { viewLabel } from "~text/wording"

import { textHash, type AnsweredRecord, type ConversationStore } from "./store"
import { streamedReply } from "./streamed-replies"
import type { Upload } from "./upload-hash"
import { presenceOf, type Joined, type ViewIdentity } from "./views"

/** What a `send` or an upload is answered with: its entry as recorded, less its sender (who asked). */
export type Reply = Omit<LogEntry, "from" | "rttMs">

/** What the conversation is built on. */
export interface ConversationDeps<P> {
  store: ConversationStore
  /** Writes a line of the background log. */
  log(line: string): void
  now(): number
  /** Posts to every view that said hello but `except`, in order with the answers. */
  broadcast(message: ServerMessage, except?: Peer<P, ViewIdentity>): void
  /** The views connected now. */
  peers(): Iterable<Peer<P, ViewIdentity>>
  /** Injects the widget into a tab; true once it runs there (absent: never). */
  joinTab?: (tabId: number) => Promise<boolean>
}

/**
 * The conversation every view shares: who is in it, and what each request
 * does. A request's handler is a plain function of the checked message and
 * the view that sent it: it returns the answer, or throws a `PortError`
 * whose code is the refusal. What other views must hear of it, the handler
 * tells them itself; the answer is posted by the server
 * (conversation-server.ts).
 */
export function createConversation<P>(deps: ConversationDeps<P>) {
  const { store, log } = deps
  type View = Peer<P, ViewIdentity>

  /** Logs, stores and relays a message or file; the reply for its sender. */
  function record(
    view: Joined<P>,
    fields: Pick<LogEntry, "id" | "text" | "reply" | "stopped" | "bytes">
  ): Reply {
    const { id, text, reply, ...extra } = fields
    const from = view.meta
    const what = extra.bytes === undefined ? "Message" : "File"
    log(
      `${what} from ${viewLabel(from.kind).toLowerCase()}: ${JSON.stringify(text)}`
    )
    const at = deps.now()
    const entry = store.record({ id, at, from, text, reply, ...extra })
    deps.broadcast({ type: "relay", entry }, view)
    return { id, seq: entry.seq, at, text, reply, ...extra }
  }

  return {
    record,

    /**
     * Records a user's message (or the reply streamed to it) and answers it.
     * A re-send after a drop is answered from the record, so nothing is
     * processed (logged, stored, relayed) twice; the same id with other
     * content is refused.
     */
    send(
      { id, text, kept }: { id: string; text: string; kept?: number },
      view: Joined<P>
    ): Reply {
      const reply =
        kept === undefined ? replyText(text) : streamedReply(text, kept)
      const stopped = kept === undefined ? {} : { stopped: true as const }
      const done = store.find(id)
      if (!done) return record(view, { id, text, reply, ...stopped })
      // A record with a reply is a file's: not this message.
      if (done.hash !== textHash(text) || done.reply !== undefined) {
        throw new PortError("id-reused")
      }
      return { id, seq: done.seq, at: done.at, text, reply, ...stopped }
    },

    /**
     * An upload re-sent after it was recorded (its reply was lost with a
     * port): answered from the record, which keeps the digest of bytes the
     * worker no longer has.
     */
    uploadAgain(done: AnsweredRecord, { id, name, size }: Upload): Reply {
      if (done.hash !== textHash(name) || done.reply === undefined) {
        throw new PortError("id-reused")
      }
      const { seq, at, reply } = done
      return { id, seq, at, text: name, reply, bytes: size }
    },

    /**
     * The sender's round trips for replies it showed. Only its own reports
     * of messages still in the log count; anything else (a cleared entry,
     * another view's id, a view before its hello) is ignored.
     */
    delivered(
      { reports }: { reports: readonly DeliveryReport[] },
      view: View
    ): { count: number } {
      const clientId = view.meta?.clientId
      for (const { id, rttMs } of reports) {
        const entry = clientId && store.noteDelivery(id, clientId, rttMs)
        if (entry) deps.broadcast({ type: "relay", entry }, view)
      }
      return { count: reports.length }
    },

    /** Empties the log for everyone; the other views hear of it. */
    clearLog(_input: object, view: View): object {
      store.clear()
      log("Log cleared")
      deps.broadcast({ type: "log-cleared" }, view)
      return {}
    },

    /** Injects the widget into a tab. Only the extension's own pages may ask: a tab's widget may not. */
    async joinTab(
      { tabId }: { tabId: number },
      view: View
    ): Promise<{ tabId: number }> {
      if (!deps.joinTab || !view.meta || view.meta.kind === "tab") {
        throw new PortError("not-allowed")
      }
      if (!(await deps.joinTab(tabId))) throw new PortError("join-failed")
      return { tabId }
    },

    /**
     * A view said hello (`first`: on this port): the others hear who is
     * here now, which is also what the view is welcomed with.
     */
    joined(view: Joined<P>, first: boolean): Presence {
      if (first) log(`${viewLabel(view.meta.kind)} connected`)
      const here = presenceOf(deps.peers())
      deps.broadcast({ type: "presence", presence: here }, view)
      return here
    },

    /** A view is gone (its port closed, or threw when we posted to it). */
    left(view: View): void {
      log(`${viewLabel(view.meta?.kind)} disconnected`)
      if (!view.meta) return
      deps.broadcast({ type: "presence", presence: presenceOf(deps.peers()) })
    }
  }
}
