import { useEffect, useState, useSyncExternalStore } from "react"

import type { ViewKind } from "~protocol"
import { createChromeClient } from "~views/chrome-client"
import type { ConversationClient } from "~views/conversation-client"
import type { ConversationSnapshot, Delivery } from "~views/conversation-types"

/** Where a log row reads how one of this view's messages fared, and hears when that changes. */
export interface DeliverySource {
  subscribe: (onChange: () => void) => () => void
  get: (id: string) => Delivery | undefined
}

/**
 * What a view renders and does: its conversation's state, and the client's
 * actions (`send`, `listen`, `connect`, `disconnect`… all stable).
 */
export type Connection = ConversationSnapshot &
  Omit<ConversationClient, "subscribe" | "getSnapshot" | "dispose">

/**
 * A view's connection to the background. `create` builds the client
 * (`createChromeClient` opens real ports); its port closes when the view
 * unmounts.
 */
export function useConnection(
  kind: ViewKind,
  create: (kind: ViewKind) => ConversationClient = createChromeClient
): Connection {
  const [client] = useState(() => create(kind))
  useEffect(() => client.dispose, [client])
  // Every view's state shows in the toolbar badge (badge/sync.ts). The
  // badge is not on the page, so its code is a chunk loaded after the
  // first paint.
  useEffect(() => {
    let stop: (() => void) | undefined
    let gone = false
    void import("~badge/chrome").then(({ shareViewBadge }) => {
      if (!gone) stop = shareViewBadge(client)
    })
    return () => {
      gone = true
      stop?.()
    }
  }, [client])
  const snapshot = useSyncExternalStore(client.subscribe, client.getSnapshot)
  return { ...client, ...snapshot }
}
