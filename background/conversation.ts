import type { EventData, EventName } from "mv3-port"
import { PortError } from "mv3-port/server"

import { replyText, type DeliveryReport, type LogEntry } from "~protocol"
import type { Conversation, Reply } from "~protocol/conversation"
import { viewLabel } from "~text/wording"

import { streamedReply } from "./reply-chunks"
import { textHash, type ConversationStore } from "./store"
import type { Upload } from "./upload-hash"
import type { View } from "./views"

/** Sends event `name` to every view but `except` that hears the conversation (not tabs). */
export type Tell = <N extends EventName<Conversation>>(
  name: N,
  data: EventData<Conversation, N>,
  except?: View
) => void

/** What the conversation is built on. */
interface ConversationDeps {
  store: ConversationStore
  /** Longest message text accepted, after trimming. */
  maxTextLength: number
  /** Writes a line of the background log. */
  log(line: string): void
  now(): number
  tell: Tell
  /** Injects the widget into a tab; true once it runs there (absent: never). */
  joinTab?: (tabId: number) => Promise<boolean>
}

/**
 * A message's text as the log keeps it: trimmed, not empty, not longer
 * than `limit`; a `PortError` otherwise (the views check the same, but a
 * view is not trusted to).
 */
export function checkedText(text: string, limit: number): string {
  const trimmed = text.trim()
  if (trimmed.length === 0) throw new PortError("empty-text")
  if (trimmed.length > limit) throw new PortError("text-too-long", { limit })
  return trimmed
}

/**
 * The conversation every view shares: who is in it, and what each request
 * does. A handler is a plain function of the checked input and the view
 * that sent it: it returns the answer, or throws a `PortError` whose code
 * is the refusal. What other views must hear of it, it tells them itself;
 * the server (server.ts) posts the answer.
 */
export function createConversation(deps: ConversationDeps) {
  const { store, log } = deps

  /** Logs, stores and relays a message or a file; the reply for its sender. */
  function record(
    view: View,
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
    deps.tell("entry", entry, view)
    return { id, seq: entry.seq, at, text, reply, ...extra }
  }

  /**
   * What was recorded for `id` before (its answer was lost with a port or a
   * worker), if anything: a re-send is answered from the record, so nothing
   * is processed (logged, stored, relayed) twice. The same id with other
   * content is refused, as is a message's id reused for a file or back (only
   * a file's record keeps its reply: the digest of bytes the worker no
   * longer has).
   */
  function recorded(id: string, text: string, file: boolean) {
    const done = store.find(id)
    const otherKind = done && (done.reply !== undefined) !== file
    if (otherKind || (done && done.hash !== textHash(text))) {
      throw new PortError("id-reused")
    }
    return done
  }

  return {
    record,

    /**
     * Records a user's message (or the reply streamed to it) and answers
     * it, or answers a re-send after a drop or a worker stop from the record.
     */
    send(
      input: { id: string; text: string; kept?: number },
      view: View
    ): Reply {
      const { id, kept } = input
      const text = checkedText(input.text, deps.maxTextLength)
      const reply =
        kept === undefined ? replyText(text) : streamedReply(text, kept)
      const stopped = kept === undefined ? {} : { stopped: true as const }
      const done = recorded(id, text, false)
      if (!done) return record(view, { id, text, reply, ...stopped })
      return { id, seq: done.seq, at: done.at, text, reply, ...stopped }
    },

    /** A file answered before, answered from its record; undefined when the id was never recorded. */
    recordedFile({ id, name, size }: Upload): Reply | undefined {
      const done = recorded(id, name, true)
      if (done?.reply === undefined) return undefined
      const { seq, at, reply } = done
      return { id, seq, at, text: name, reply, bytes: size }
    },

    /**
     * The sender's round trips for replies it showed. Only its own reports
     * of messages still in the log count; anything else (a cleared entry,
     * another view's id) is ignored.
     */
    delivered(
      { reports }: { reports: readonly DeliveryReport[] },
      view: View
    ): { count: number } {
      const { clientId } = view.meta
      for (const { id, rttMs } of reports) {
        const entry = store.noteDelivery(id, clientId, rttMs)
        if (entry) deps.tell("entry", entry, view)
      }
      return { count: reports.length }
    },

    /** Empties the log for everyone; the other views hear of it. */
    clearLog(_input: object, view: View): Record<string, never> {
      store.clear()
      log("Log cleared")
      deps.tell("logCleared", {}, view)
      return {}
    },

    /** Injects the widget into a tab. Only the extension's own pages may ask: a tab's widget may not. */
    async joinTab(
      { tabId }: { tabId: number },
      view: View
    ): Promise<{ tabId: number }> {
      if (!deps.joinTab || view.meta.kind === "tab") {
        throw new PortError("not-allowed")
      }
      if (!(await deps.joinTab(tabId))) throw new PortError("join-failed")
      return { tabId }
    },

    /** A view said hello on a new port. */
    joined(view: View): void {
      log(`${viewLabel(view.meta.kind)} connected`)
    },

    /** A view's port is gone: its live rows end for the others. */
    left(view: View): void {
      log(`${viewLabel(view.meta.kind)} disconnected`)
      deps.tell("progressEnded", { clientId: view.meta.clientId }, view)
    }
  }
}
