import { useEffect, useState, useSyncExternalStore } from "react"

import { readViewLog } from "~storage/layout"
import type { ConversationClient } from "~views/conversation"
import { ConversationLog, type LogSnapshot } from "~views/conversation-log"
import type { LogChange } from "~views/log-feed"

/**
 * Runs `task` once the view has painted: in a task after the next frame,
 * so the first paint (the controls, usable) never waits for it.
 */
function afterPaint(task: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const frame = requestAnimationFrame(() => (timer = setTimeout(task, 0)))
  return () => {
    cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}

/**
 * The timeline's data: the shared conversation log, read from storage once
 * the view has painted (so it is there again when the popup is reopened,
 * without delaying the controls) and again on every (re)connect (to catch up
 * on what happened meanwhile); in between, what `onLog` tells (this view's
 * replies, the other views' entries and streamed replies, a Clear) adds to
 * it as it comes. With `pending`, it also holds this view's messages not
 * answered yet.
 */
export function useConversationLog(
  onLog: (listener: (change: LogChange) => void) => () => void,
  self: { clientId: string; pending?: ConversationClient["ownMessages"] }
): LogSnapshot {
  const [log] = useState(() => new ConversationLog())
  const { clientId, pending } = self

  useEffect(() => {
    if (!pending) return
    const sync = () => log.setPending(pending.get(), clientId)
    sync()
    return pending.subscribe(sync)
  }, [log, pending, clientId])

  useEffect(() => {
    let live = true
    // Bumped by every Clear: a read started before it may hold the cleared
    // entries, so its result is dropped.
    let clears = 0
    const reload = () => {
      const started = clears
      const since = log.mark()
      return readViewLog(chrome.storage.session).then(
        (stored) => live && started === clears && log.load(stored, since),
        (error) => console.error("Could not read the conversation log", error)
      )
    }
    const cancelFirstRead = afterPaint(() => void reload())
    const stop = onLog((change) => {
      switch (change.kind) {
        case "reload":
          cancelFirstRead()
          return void reload()
        case "entry":
          return log.upsert(change.entry)
        case "live":
          return log.setLive(change.reply)
        case "liveEnded":
          return log.endLive(change.clientId)
        case "cleared":
          clears++
          return log.clear()
      }
    })
    return () => {
      live = false
      cancelFirstRead()
      stop()
    }
  }, [onLog, log])

  return useSyncExternalStore(log.subscribe, log.getSnapshot)
}
