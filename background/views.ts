import type { PortPeer } from "mv3-port/server"

import type { Presence } from "~protocol"
import type { Conversation, ViewIdentity } from "~protocol/conversation"

/** A view as the worker's handlers see it: its port, and who it said it is. */
export type View = PortPeer<Conversation>

/** Counts the views that said hello, by kind. */
export function presenceOf(
  peers: Iterable<{ meta: ViewIdentity | null }>
): Presence {
  const kinds: Presence["kinds"] = {}
  let count = 0
  for (const { meta } of peers) {
    if (!meta) continue
    count += 1
    kinds[meta.kind] = (kinds[meta.kind] ?? 0) + 1
  }
  return { count, kinds }
}
