import type { LogEntry } from "~protocol"

import type { LiveReply } from "./conversation-log"
import type { ViewClient } from "./conversation-types"

/** What the view's copy of the shared log hears from the conversation. */
export type LogChange =
  /** The view (re)connected: what happened meanwhile is in storage. */
  | { kind: "reload" }
  /** An entry as recorded: this view's reply, or another view's message or round trip. */
  | { kind: "entry"; entry: LogEntry }
  /** Another view's streamed reply so far. */
  | { kind: "live"; reply: LiveReply }
  /** View `clientId` left: its streamed replies end. */
  | { kind: "liveEnded"; clientId: string }
  | { kind: "cleared" }

/**
 * What the shared log hears: the worker's events about the other views'
 * messages, each (re)connect, and what this view adds itself (its
 * replies, its Clear), as one stream of `LogChange`s.
 */
export function createLogFeed(client: ViewClient) {
  const listeners = new Set<(change: LogChange) => void>()
  const tell = (change: LogChange) => {
    for (const listener of [...listeners]) listener(change)
  }
  let wasOpen = false
  const unbind = [
    client.subscribe(() => {
      const open = client.status === "connected"
      if (open && !wasOpen) tell({ kind: "reload" })
      wasOpen = open
    }),
    client.on("entry", (entry) => tell({ kind: "entry", entry })),
    client.on("progress", (reply) => tell({ kind: "live", reply })),
    client.on("progressEnded", ({ clientId }) =>
      tell({ kind: "liveEnded", clientId })
    ),
    client.on("logCleared", () => tell({ kind: "cleared" }))
  ]
  return {
    tell,
    /** Calls `listener` with each change of the shared log; returns the unsubscribe. */
    on(listener: (change: LogChange) => void): () => void {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    dispose(): void {
      for (const stop of unbind) stop()
      listeners.clear()
    }
  }
}
