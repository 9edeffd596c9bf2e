import type { Peer } from "mv3-port/core/server"

import type { DeliveryReport, ServerMessage } from "~protocol"
import { viewLabel } from "~text/wording"

import { replyTo } from "./answers"
import type { ConversationStore } from "./store"
import type { ViewIdentity } from "./views"

/** What the recorder needs of the conversation around it. */
export interface RecorderDeps<P> {
  store: ConversationStore
  post(view: Peer<P, ViewIdentity>, message: ServerMessage): void
  broadcast(message: ServerMessage, except?: Peer<P, ViewIdentity>): void
  log(text: string): void
  now(): number
}

/**
 * What the conversation writes to the shared log: an answered message or
 * file (logged, stored, answered on the sender's port, relayed to everyone
 * else), and the round trips a sender reports for them.
 */
export function createRecorder<P>(deps: RecorderDeps<P>) {
  type View = Peer<P, ViewIdentity>
  const { store } = deps

  return {
    record(
      view: View,
      from: ViewIdentity,
      { id, text }: { id: string; text: string },
      reply: string,
      extra: { stopped?: true; bytes?: number } = {}
    ): void {
      const what = extra.bytes === undefined ? "Message" : "File"
      deps.log(
        `${what} from ${viewLabel(from.kind).toLowerCase()}: ${JSON.stringify(text)}`
      )
      const entry = store.record({
        id,
        at: deps.now(),
        from,
        text,
        reply,
        ...extra
      })
      deps.post(view, replyTo(entry))
      deps.broadcast({ type: "relay", entry }, view)
    },

    /**
     * Only the sender's own reports of messages still in the log count;
     * anything else (a cleared entry, another view's id) is ignored.
     */
    noteDeliveries(view: View, reports: readonly DeliveryReport[]): void {
      const from = view.meta
      for (const { id, rttMs } of from ? reports : []) {
        const entry = store.noteDelivery(id, from!.clientId, rttMs)
        if (entry) deps.broadcast({ type: "relay", entry }, view)
      }
      deps.post(view, { type: "noted", count: reports.length })
    }
  }
}
