import { useEffect, useState, useSyncExternalStore } from "react"

import type { ClientMessage, ServerMessage, ViewKind } from "~protocol"
import { createChromeClient } from "~views/chrome-client"
import type { ConversationClient } from "~views/conversation-client"
import type {
  ConversationSnapshot,
  Delivery,
  SendResult
} from "~views/conversation-types"

import type { PendingSource } from "./useConversationLog"

/** Where a log row reads how one of this view's messages fared, and hears when that changes. */
export interface DeliverySource {
  subscribe: (onChange: () => void) => () => void
  get: (id: string) => Delivery | undefined
}

/**
 * A view's port to the background, shaped like `usePort` of
 * `@plasmohq/messaging/hook` (`data`, `send`, `listen`) plus the state the
 * view renders and the lifecycle actions. Every function is stable.
 */
export interface Connection extends ConversationSnapshot {
  /** The last message from the background (reading it re-renders on every message). */
  readonly data: ServerMessage | undefined
  /** Sends the user's message (trimmed), its reply streamed or not, or says why not. */
  send: (text: string, options?: { stream?: boolean }) => SendResult
  /** The user's Stop of this view's streamed reply. */
  stop: () => void
  /** Sends a file in chunks for the background to hash, or says why not. */
  sendFile: (file: File) => SendResult
  /** The user's Cancel of this view's upload. */
  cancelUpload: () => void
  /** Subscribes to every checked message from the background. */
  listen: (listener: (message: ServerMessage) => void) => () => void
  /** The user's Connect (when disconnected or failed). */
  connect: () => void
  /** The user's Disconnect: final, no reconnect. */
  disconnect: () => void
  /** Sends failed message `id` again under the same id. */
  retry: (id: string) => void
  /** Posts a raw command (e.g. clear-log) while connected. */
  post: (message: ClientMessage) => boolean
  /** Stable: the timeline's rows subscribe to their own message's delivery. */
  deliveries: DeliverySource
  /** Stable: the timeline's source of this view's messages (`messages`, heard as they change). */
  outbox: PendingSource
  /** This view's id in the conversation. */
  clientId: string
}

/**
 * A view's connection to the background: state to render, plus stable
 * actions. `create` builds the client (`createChromeClient` opens real
 * ports); its port closes when the view unmounts.
 */
export function useConnection(
  kind: ViewKind,
  create: (kind: ViewKind) => ConversationClient = createChromeClient
): Connection {
  const [client] = useState(() => create(kind))
  // `data` changes with every message, relays included; only a view that
  // reads it subscribes to it, so the log's throttled rendering is not
  // bypassed by a re-render of the whole view per message.
  const [data] = useState(() => ({ wanted: false }))
  const [stable] = useState(() => ({
    send: client.send,
    stop: client.stop,
    sendFile: client.sendFile,
    cancelUpload: client.cancelUpload,
    listen: client.listen,
    connect: client.connect,
    disconnect: client.disconnect,
    retry: client.retry,
    post: client.post,
    deliveries: { subscribe: client.subscribe, get: client.deliveryOf },
    outbox: {
      subscribe: client.subscribe,
      get: () => client.getSnapshot().messages
    },
    clientId: client.clientId,
    subscribeData: (onChange: () => void) =>
      client.listen(() => {
        if (data.wanted) onChange()
      })
  }))
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
  const last = useSyncExternalStore(stable.subscribeData, client.lastMessage)
  const { subscribeData: _, ...actions } = stable
  return {
    ...snapshot,
    ...actions,
    get data() {
      data.wanted = true
      return last
    }
  }
}
