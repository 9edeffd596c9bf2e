import type { Presence, ViewKind } from "~protocol"

/** What a view says about itself in its `hello`: the server's meta for its peer. */
export interface ViewIdentity {
  clientId: string
  kind: ViewKind
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
