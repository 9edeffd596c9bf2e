import type { Peer } from "mv3-port/core/server"

import type { Presence, ViewKind } from "~protocol"

/** What a view says about itself in its `hello`: the server's meta for its peer. */
export interface ViewIdentity {
  clientId: string
  kind: ViewKind
}

/** A view's peer once it said hello: who is asking, for what needs to know. */
export type Joined<P> = Peer<P, ViewIdentity> & { readonly meta: ViewIdentity }

/** True once `view` said hello. */
export function isJoined<P>(view: Peer<P, ViewIdentity>): view is Joined<P> {
  return view.meta !== null
}

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
