import type { LeaveCause, Peer } from "mv3-port/core/server"

import type { ClientMessage, ServerMessage } from "~protocol"
import { viewLabel } from "~text/wording"

import type { InspectorMirror } from "./inspector/mirror"
import { presenceOf, type ViewIdentity } from "./views"

type Hello = Extract<ClientMessage, { type: "hello" }>

/** What the roster needs of the conversation around it. */
export interface RosterDeps<P> {
  identify(view: Peer<P, ViewIdentity>, meta: ViewIdentity): boolean
  peers(): Iterable<Peer<P, ViewIdentity>>
  post(view: Peer<P, ViewIdentity>, message: ServerMessage): void
  broadcast(message: ServerMessage, except?: Peer<P, ViewIdentity>): void
  log(text: string): void
  inspector: Pick<InspectorMirror<P>, "identified" | "left">
}

/**
 * Who is in the conversation: a view's hello (welcomed, announced to the
 * others and to an inspector) and its leaving. Which kind a port may claim
 * is checked before the protocol (tab-ports.ts).
 */
export function createRoster<P>(deps: RosterDeps<P>) {
  type View = Peer<P, ViewIdentity>
  const presence = () => presenceOf(deps.peers())

  return {
    hello(view: View, { clientId, kind }: Hello): void {
      const known = view.meta
      deps.identify(view, { clientId, kind })
      if (!known) deps.log(`${viewLabel(kind)} connected`)
      const now = presence()
      deps.post(view, { type: "welcome", presence: now })
      deps.broadcast({ type: "presence", presence: now }, view)
      if (!known) deps.inspector.identified(view)
    },

    /** A view is gone (its port closed, or threw when we posted to it). */
    left(view: View, cause: LeaveCause): void {
      deps.inspector.left(view, cause)
      deps.log(`${viewLabel(view.meta?.kind)} disconnected`)
      if (view.meta) deps.broadcast({ type: "presence", presence: presence() })
    }
  }
}
