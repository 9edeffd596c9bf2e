import { useEffect, useState, useSyncExternalStore } from "react"

import type { ServerMessage, ViewKind } from "~protocol"
import { readViewLog, type StoredLog } from "~storage/layout"
import { ConversationLog, type LogSnapshot } from "~views/conversation-log"
import { throttleSubscribe } from "~views/throttle-subscribe"

/**
 * Longest a burst of log changes waits to be drawn: one frame. A lone
 * message is drawn at once, and one that follows within a frame of the last
 * is drawn with the next frame (so another view's message shows within one
 * frame of its reply, as messages typed back to back do); during a flood the
 * log redraws at most once a frame instead of once per message.
 */
const LOG_RENDER_INTERVAL_MS = 16

/** Reads what the view shows of the stored log (a fake area in tests). */
export type ReadLog = () => Promise<StoredLog>

/** Reads the view's part of `chrome.storage.session`. */
export const readSessionLog: ReadLog = () => readViewLog(chrome.storage.session)

/**
 * The shared conversation log: read from storage when the view opens (so it
 * is there again when the popup is reopened) and again on every (re)connect
 * (to catch up on what happened meanwhile); in between, this view's replies
 * and the other views' relays add to it as they arrive.
 */
export function useConversationLog(
  listen: (listener: (message: ServerMessage) => void) => () => void,
  self: { clientId: string; kind: ViewKind },
  read: ReadLog = readSessionLog
): LogSnapshot {
  const [log] = useState(() => new ConversationLog())
  const [subscribe] = useState(() =>
    throttleSubscribe(log.subscribe, LOG_RENDER_INTERVAL_MS)
  )
  const { clientId, kind } = self

  useEffect(() => {
    let live = true
    // Bumped by every Clear: a read started before it may hold the cleared
    // entries, so its result is dropped.
    let clears = 0
    const reload = () => {
      const started = clears
      const since = log.mark()
      return read().then(
        (stored) => live && started === clears && log.load(stored, since),
        (error) => console.error("Could not read the conversation log", error)
      )
    }
    void reload()
    const stop = listen((message) => {
      switch (message.type) {
        case "welcome":
          return void reload()
        case "reply": {
          const { id, seq, at, text, reply } = message
          return log.upsert({
            id,
            seq,
            at,
            text,
            reply,
            from: { clientId, kind }
          })
        }
        case "relay":
          return log.upsert(message.entry)
        case "log-cleared":
          clears++
          return log.clear()
      }
    })
    return () => {
      live = false
      stop()
    }
  }, [listen, log, read, clientId, kind])

  return useSyncExternalStore(subscribe, log.getSnapshot)
}
