import { useEffect, useState, useSyncExternalStore } from "react"

import type { ViewKind } from "~protocol"
import { createChromeConversation } from "~views/chrome-conversation"
import type { ConversationClient } from "~views/conversation"
import type { ConversationSnapshot, Delivery } from "~views/conversation-types"

/** Where a log row reads how one of this view's messages fared, and hears when that changes. */
export interface DeliverySource {
  subscribe: (onChange: () => void) => () => void
  get: (id: string) => Delivery | undefined
}

/**
 * What a view renders and does: its conversation's state, and the
 * conversation's actions (`send`, `clear`, `connect`… all stable). The
 * connection's status, attempt and cause are read with `usePort(port)`.
 */
export type Connection = ConversationSnapshot &
  Omit<ConversationClient, "subscribe" | "getSnapshot" | "dispose">

/**
 * A view's side of the conversation on Chrome's ports; its port closes
 * when the view unmounts.
 */
export function useConnection(kind: ViewKind): Connection {
  const [conversation] = useState(() => createChromeConversation(kind))
  useEffect(() => conversation.dispose, [conversation])
  // Every view's state shows in the toolbar badge (badge/sync.ts). The
  // badge is not on the page, so its code is a chunk loaded after the
  // first paint.
  useEffect(() => {
    let stop: (() => void) | undefined
    let gone = false
    void import("~badge/share").then(({ shareBadge }) => {
      if (!gone) stop = shareBadge(conversation)
    })
    return () => {
      gone = true
      stop?.()
    }
  }, [conversation])
  const snapshot = useSyncExternalStore(
    conversation.subscribe,
    conversation.getSnapshot
  )
  return { ...conversation, ...snapshot }
}
